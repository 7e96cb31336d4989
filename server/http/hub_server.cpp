#include "http/hub_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "clock_correction.hpp"
#include "suara/core/version.hpp"

namespace suara::hub {

using nlohmann::json;

namespace {

std::int64_t nowMs() { return clockNow().wallMs; }

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void fail(httplib::Response& res, int status, const std::string& reason) { reply(res, status, {{"error", reason}}); }

int statusFor(const Error& error) {
  switch (error.code) {
    case Errc::Invalid: return 400;
    case Errc::NotFound: return 404;
    default: return 503;  // storage trouble: the kiosk keeps the data and retries
  }
}

// The kiosk behind the request's bearer token, or a 401/403 already written.
std::optional<KioskRecord> authenticated(HubStorage& storage, const httplib::Request& req, httplib::Response& res) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.rfind(kBearer, 0) != 0 || header.size() == kBearer.size()) {
    fail(res, 401, "missing bearer token");
    return std::nullopt;
  }
  auto kiosk = storage.authenticate(header.substr(kBearer.size()));
  if (!kiosk) {
    if (kiosk.error().code == Errc::NotFound) fail(res, 401, "unknown token");
    else fail(res, 503, kiosk.error().message);
    return std::nullopt;
  }
  if (kiosk->revokedMs) {
    fail(res, 403, "this kiosk has been revoked; enrol it again");
    return std::nullopt;
  }
  return std::move(*kiosk);
}

json unitJson(const Unit& unit) {
  json services = json::array();
  for (const auto& s : unit.services) services.push_back({{"id", s.id}, {"name", s.name.id}, {"name_en", s.name.en}});
  json counters = json::array();
  for (const auto& c : unit.counters) counters.push_back({{"id", c.id}, {"name", c.name}});
  return {{"id", unit.id}, {"name", unit.name}, {"survey", unit.survey}, {"utc_offset_hours", unit.utcOffsetHours},
          {"services", std::move(services)}, {"counters", std::move(counters)}};
}

}  // namespace

HubServer::HubServer(HubStorage& storage, HubServerOptions options)
    : m_storage(storage), m_server(std::make_unique<httplib::Server>()) {
  const std::size_t threads = options.threads;
  m_server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  m_server->set_payload_max_length(wire::kMaxBodyBytes);
  m_server->set_keep_alive_timeout(2);
  // Replies are written in pieces (headers, body); with Nagle's algorithm each exchange would
  // wait on the client's delayed ACK (~40 ms per batch).
  m_server->set_tcp_nodelay(true);
  // Remember the listening socket: cpp-httplib (as packaged) listens with a backlog of 5,
  // which drops connections when a fleet reconnects at once (1444 overflows in
  // hub_ingest_bench at 200 kiosks); bind() raises it.
  m_server->set_socket_options([this](int socket) {
    httplib::default_socket_options(socket);
    m_listenSocket = socket;
  });
  m_server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    fail(res, 500, "internal error");  // nothing escapes a handler
  });
  // A declared length over the limit is refused before anything is read (the ingest route
  // reads through a content reader, which the library does not check itself).
  m_server->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    const std::string length = req.get_header_value("Content-Length");
    if (!length.empty() && length.find_first_not_of("0123456789") == std::string::npos &&
        (length.size() > 12 || std::stoull(length) > wire::kMaxBodyBytes)) {
      fail(res, 413, "request body is larger than 8 MiB");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  m_server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) fail(res, res.status, res.status == 413 ? "request body too large" : "no such endpoint");
  });
  routes();
}

HubServer::~HubServer() = default;

Result<int> HubServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? m_server->bind_to_any_port(host) : (m_server->bind_to_port(host, port) ? port : -1);
  if (bound < 0) return makeError(Errc::Io, "cannot listen on " + host + ":" + std::to_string(port));
  if (m_listenSocket >= 0) ::listen(m_listenSocket, SOMAXCONN);  // Linux updates the backlog of a listening socket
  return bound;
}

void HubServer::run() { m_server->listen_after_bind(); }
void HubServer::stop() { m_server->stop(); }

void HubServer::routes() {
  m_server->Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"status", "ok"}, {"version", kVersion}, {"server_time_ms", nowMs()}});
  });

  m_server->Post("/v1/enroll", [this](const httplib::Request& req, httplib::Response& res) {
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("code") || !body["code"].is_string())
      return fail(res, 400, "expected {\"code\": \"XXXX-XXXX\", \"name\": \"...\"}");
    const std::string name = body.value("name", std::string("kiosk"));
    auto enrolment = m_storage.enrol(body["code"].get<std::string>(), name.substr(0, 64), nowMs());
    if (!enrolment) {
      if (enrolment.error().code == Errc::NotFound) return fail(res, 403, enrolment.error().message);
      return fail(res, statusFor(enrolment.error()), enrolment.error().message);
    }
    reply(res, 200, {{"kiosk_id", enrolment->kioskId}, {"token", enrolment->token}, {"unit", unitJson(enrolment->unit)},
                     {"server_time_ms", nowMs()}});
  });

  // Read through a content reader, not into req.body: the token is checked before any of the
  // body is read, and reading stops once the *decompressed* body passes the limit (the
  // library's own limit applies only to the compressed length, so a small gzip bomb would
  // otherwise be inflated into memory whole, before authentication).
  m_server->Post("/v1/responses", [this](const httplib::Request& req, httplib::Response& res,
                                         const httplib::ContentReader& readContent) {
    const auto kiosk = authenticated(m_storage, req, res);
    if (!kiosk) return;
    std::string body;
    bool tooLarge = false;
    readContent([&](const char* data, std::size_t length) {
      if (body.size() + length > wire::kMaxBodyBytes) return !(tooLarge = true);
      body.append(data, length);
      return true;
    });
    if (tooLarge) return fail(res, 413, "request body is larger than 8 MiB");
    auto request = wire::decodeIngestRequest(body);
    if (!request) return fail(res, 400, request.error().message);
    const std::int64_t now = nowMs();

    wire::IngestReply out;
    out.results.resize(request->items.size());
    std::vector<StoredItem> valid;
    std::vector<std::size_t> validAt;  // index of each valid item in the request
    for (std::size_t i = 0; i < request->items.size(); ++i) {
      auto& item = request->items[i];
      if (!item.response) {
        out.results[i] = {item.id, wire::ItemStatus::Rejected, item.response.error().message};
        continue;
      }
      const CorrectedTime t = correctTime(*item.response, request->sent, now, kiosk->enrolledMs);
      valid.push_back({std::move(*item.response), t.ms, t.flags});
      validAt.push_back(i);
    }
    auto stored = m_storage.ingest(*kiosk, valid, now);
    if (!stored) return fail(res, statusFor(stored.error()), stored.error().message);
    for (std::size_t v = 0; v < validAt.size(); ++v) out.results[validAt[v]] = std::move((*stored)[v]);
    out.serverTimeMs = nowMs();
    res.status = 200;
    res.set_content(wire::encodeIngestReply(out), "application/json");
  });

  m_server->Get("/v1/config", [this](const httplib::Request& req, httplib::Response& res) {
    const auto kiosk = authenticated(m_storage, req, res);
    if (!kiosk) return;
    auto unit = m_storage.unit(kiosk->unitId);
    if (!unit) return fail(res, statusFor(unit.error()), unit.error().message);
    reply(res, 200, {{"kiosk_id", kiosk->id}, {"unit", unitJson(*unit)}, {"server_time_ms", nowMs()}});
  });

  m_server->Post("/v1/heartbeat", [this](const httplib::Request& req, httplib::Response& res) {
    const auto kiosk = authenticated(m_storage, req, res);
    if (!kiosk) return;
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("wall_ms") || !body["wall_ms"].is_number_integer())
      return fail(res, 400, "expected a JSON object with wall_ms, pending, oldest_pending_age_s, version, disk_free_bytes, last_error");
    const std::int64_t now = nowMs();
    if (auto saved = m_storage.recordHeartbeat(kiosk->id, body.dump(), now, now - body["wall_ms"].get<std::int64_t>()); !saved)
      return fail(res, statusFor(saved.error()), saved.error().message);
    reply(res, 200, {{"server_time_ms", now}});
  });
}

}  // namespace suara::hub
