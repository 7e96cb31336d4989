// The dashboard's own stylesheet and script, and Chart.js from the system's javascript
// packages (Debian's libjs-chart.js): read once at start, served from memory.

#include <stdexcept>

#include "suara/core/text_file.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {

void addFile(Router& router, const std::string& path, const std::filesystem::path& file, const std::string& type) {
  auto text = readTextFile(file, "a dashboard asset");
  if (!text) throw std::runtime_error(text.error().message);  // serve stops with it, naming the file
  auto body = std::make_shared<const std::string>(std::move(*text));
  router.add({"GET", path, Access::Public, 0,
              [body, type](const HttpRequest&, const Principal&) {
                HttpResponse res;
                res.body = *body;
                res.contentType = type;
                res.headers.emplace_back("Cache-Control", "public, max-age=3600");
                res.headers.emplace_back("X-Content-Type-Options", "nosniff");
                return res;
              },
              Pool::Quick});
}

}  // namespace

void addStaticFiles(Router& router, WebContext& web) {
  addFile(router, "/static/app.css", web.staticDir / "app.css", "text/css; charset=utf-8");
  addFile(router, "/static/app.js", web.staticDir / "app.js", "text/javascript; charset=utf-8");
  addFile(router, "/static/chart.min.js", web.chartJsFile, "text/javascript; charset=utf-8");
}

}  // namespace suara::hub
