// suara-hub serve --db PATH --listen HOST:PORT: the kiosk API. Wires the layers together:
// storage (openStorage), services, authentication, resources, the HTTP server.

#include <charconv>
#include <csignal>
#include <iostream>
#include <optional>
#include <thread>

#include <boost/asio/ip/address.hpp>
#include <malloc.h>
#include <sys/resource.h>

#include "api/resources.hpp"
#include "cli/commands.hpp"
#include "http/self_check.hpp"
#include "suara/core/service_manager.hpp"
#include "cli/hub_db_option.hpp"
#include "http/access_log.hpp"
#include "http/http_server.hpp"
#include "services/login_service.hpp"
#include "suara/core/paths.hpp"
#include "web/web_support.hpp"

namespace suara::hub {

namespace {
struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::size_t threads = 64;
  std::size_t perAddress = HttpLimits{}.maxConnectionsPerAddress;
  std::size_t maxConnections = HttpLimits{}.maxConnections;
  int bodyTimeoutSeconds = static_cast<int>(HttpLimits{}.bodyDeadline.count());
  std::size_t bodyMemoryMiB = HttpLimits{}.bodyMemoryBytes >> 20;
  std::vector<std::string> trustedProxies;
  std::int64_t writerCacheMib = StorageOptions{}.writerCacheBytes >> 20;
  bool quiet = false;
  std::string chartJs = "/usr/share/javascript/chart.js/chart.min.js";  // Debian's libjs-chart.js
};

struct ListenAddress {
  std::string host;  // as bind() takes it: an IPv6 address without its brackets
  int port = 0;
};

// "HOST:PORT", or "[IPv6]:PORT"; the error says what is wrong with it.
Result<ListenAddress> parseListenAddress(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return makeError(Errc::Invalid, "must be HOST:PORT, or [IPv6]:PORT");
  const std::string portText = text.substr(colon + 1);
  int port = -1;
  const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (portText.empty() || error != std::errc() || end != portText.data() + portText.size() || port < 0 || port > 65535)
    return makeError(Errc::Invalid, "the port must be a number from 0 to 65535, not '" + portText + "'");
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']' && host.size() > 2) host = host.substr(1, host.size() - 2);
  else if (host.find_first_of("[]:") != std::string::npos) return makeError(Errc::Invalid, "an IPv6 address goes in brackets, as in [::1]:8080");
  return ListenAddress{host, port};
}

// Each connection is a descriptor; the default soft limit (1024) would cap the fleet.
void raiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Bodies are inflated into buffers of up to 8 MiB (a route's limit). glibc sets its mmap
// threshold to the largest block freed so far, so after the first such buffer it carved the
// next ones from per-thread arenas and kept them: 32 compressed bombs left the hub 246 MiB
// larger for good. A fixed threshold maps every block from 1 MiB up and unmaps it when freed.
void giveLargeBuffersBack() { mallopt(M_MMAP_THRESHOLD, 1 << 20); }

int runServe(const ServeArgs& args) {
  // SIGINT/SIGTERM are taken by a waiting thread (stopping a server is not async-signal-safe).
  // Blocked first, before any thread starts (the storage's writer does, as it opens): a
  // thread that did not block them would take SIGTERM's default action and kill the hub
  // mid-commit instead of stopping it.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  auto listen = parseListenAddress(args.listen);  // checked while parsing options: valid here
  if (!listen) return failWith(listen.error());
  auto surveys = loadSurveyCatalog();
  if (!surveys) return failWith(surveys.error());
  auto templates = PageTemplates::load(assetsDir() / "web");
  if (!templates) return failWith(templates.error());
  StorageOptions storageOptions;
  storageOptions.writerCacheBytes = args.writerCacheMib << 20;
  auto storage = openHubStorage(args.db, StorageRole::Server, storageOptions);
  if (!storage) return 1;

  // A kiosk that hangs up mid-reply must cost one connection, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  raiseDescriptorLimit();
  giveLargeBuffersBack();

  IngestService ingest(*storage, *storage, *surveys);
  EnrolmentService enrolment(*storage, *storage, storage->codeKey());
  IntegrityWatch integrity(*storage, [](const std::string& line) { logNotice(line); });
  HubServices services{*storage, ingest, enrolment, &integrity};
  Authenticator authenticator(*storage);
  HttpServerOptions options;
  options.workerThreads = args.threads;
  options.limits.maxConnectionsPerAddress = args.perAddress;
  options.limits.maxConnections = args.maxConnections;
  options.limits.bodyDeadline = std::chrono::seconds(args.bodyTimeoutSeconds);
  options.limits.bodyMemoryBytes = args.bodyMemoryMiB << 20;
  options.trustedProxies = args.trustedProxies;
  options.accessLog = !args.quiet;
  Router router(authenticator, options.limits);
  addKioskApi(router, services);

  auto catalog = CatalogService::open(*storage, assetsDir() / "training" / "catalog.json");
  if (!catalog) return failWith(catalog.error());
  PasswordHasher hasher;
  SessionStore sessions;
  LoginThrottle throttle;
  LoginService login(*storage, hasher, sessions, throttle);
  auto translations = Translations::load(assetsDir() / "i18n");
  if (!translations) return failWith(translations.error());
  DashboardService dashboard(*storage, *surveys, **catalog, *translations);
  PlanService plans(*storage, **catalog);
  ReadmitService readmit(*storage, ingest);
  WebContext web{*templates, dashboard, login, plans, readmit, **catalog, assetsDir() / "web" / "static", args.chartJs};
  router.setSessionResolver(
      [&login](const HttpRequest& head) { return login.resume(cookieValue(head.cookie, kSessionCookie), hubNowMs()); });
  try {
    addDashboard(router, web);
  } catch (const std::exception& e) {
    return failWith(makeError(Errc::NotFound, std::string("the dashboard cannot start: ") + e.what()));
  }
  HttpServer server(router, options);
  auto bound = server.bind(listen->host, listen->port);
  if (!bound) return failWith(bound.error());
  // One write: the integrity check logs from its own thread, and a line it wrote between the
  // pieces of this one kept tests and supervisors from reading the port. The host as given:
  // an IPv6 address keeps its brackets in a URL.
  logNotice("listening on http://" + args.listen.substr(0, args.listen.rfind(':')) + ":" + std::to_string(*bound));
  const std::string bareHost = listen->host;
  notifyReady("serving on port " + std::to_string(*bound));
  HealthWatchdog watchdog(bareHost, *bound);
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stopSignals, &signal);
    notifyStopping();
    server.stop();
  });
  server.run();
  pthread_kill(stopper.native_handle(), SIGTERM);  // wake the waiter if the server stopped on its own
  stopper.join();
  return 0;
}
}  // namespace

Command addServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Serve the kiosk API (wire protocol v1)");
  auto args = std::make_shared<ServeArgs>();
  addDbOption(cmd, args->db);
  cmd->add_option("--listen", args->listen, "HOST:PORT or [IPv6]:PORT to listen on (port 0: any free port)")
      ->check(CLI::Validator(
          [](std::string& v) {
            auto parsed = parseListenAddress(v);
            return parsed ? std::string() : parsed.error().message;
          },
          "HOST:PORT"))
      ->capture_default_str();
  cmd->add_option("--chart-js", args->chartJs, "Chart.js for the dashboard's charts (Debian: libjs-chart.js)")->capture_default_str();
  cmd->add_option("--threads", args->threads, "Worker threads for requests")->check(CLI::Range(2, 1024))->capture_default_str();
  cmd->add_option("--max-connections-per-address", args->perAddress, "Open connections one client address may hold")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--max-connections", args->maxConnections, "Open connections the hub holds in all")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--body-timeout", args->bodyTimeoutSeconds,
                  "Seconds a request body may take to arrive, plus one per 32 KiB it declares (then 408)")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--body-memory", args->bodyMemoryMiB, "MiB the bodies of all requests in progress may hold together")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  cmd->add_option("--trusted-proxy", args->trustedProxies,
                  "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable)")
      ->check(CLI::Validator(
          [](std::string& v) {
            boost::system::error_code ec;
            const auto address = boost::asio::ip::make_address(v, ec);
            if (ec) return std::string("must be an IP address");
            v = address.to_string();  // as the hub will see the proxy's connections
            return std::string();
          },
          "ADDRESS"));
  cmd->add_option("--writer-cache-mib", args->writerCacheMib,
                  "SQLite page cache of the writer, in MiB: ingest keeps the rating-id index in it (readers have 16 each)")
      ->check(CLI::Range(2, 16384))
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "No access log (errors are still logged)");
  return {cmd, [args] { return runServe(*args); }};
}

}  // namespace suara::hub
