// The dashboard's own stylesheet and script, and Chart.js from the system's javascript
// packages (Debian's libjs-chart.js): read once at start, served from memory.

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "web/web_support.hpp"

namespace suara::hub {

namespace {

std::string readWhole(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void addFile(Router& router, const std::string& path, const std::filesystem::path& file, const std::string& type) {
  auto body = std::make_shared<const std::string>(readWhole(file));
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
