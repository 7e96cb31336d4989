// POST /v1/responses: a kiosk's batch; answered per item (accepted, duplicate, rejected).

#include "api/resources.hpp"
#include "http/error_status.hpp"

namespace suara::hub {

void addResponsesResource(Router& router, HubServices& services) {
  router.add({"POST", "/v1/responses", Access::Kiosk, wire::kMaxBodyBytes, [&services](const HttpRequest& req, const Principal& who) {
                services.enrolment.kioskSeenFrom(req.remoteAddress, hubNowMs());  // technicians enrol from kiosks' sites
                auto request = wire::decodeIngestRequest(req.body);
                if (!request) return errorResponse(400, request.error().message);
                auto outcome = services.ingest.ingest(who.kiosk, std::move(*request), hubNowMs());
                if (!outcome) return responseFor(outcome.error());
                HttpResponse res;
                res.body = wire::encodeIngestReply({hubNowMs(), std::move(outcome->results)});
                return res;
              }});
}

}  // namespace suara::hub
