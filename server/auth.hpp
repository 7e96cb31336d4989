#pragma once
// Secrets of the hub: kiosk bearer tokens and one-time enrolment codes (libsodium). Only
// their SHA-256 hashes are ever stored; the plain values are shown once and never logged.

#include <array>
#include <string>
#include <string_view>

namespace suara::hub {

using SecretHash = std::array<unsigned char, 32>;

std::string newToken();                       // 256 random bits, base64url
std::string newEnrolmentCode();               // "7KQM-3XPA": 8 characters without look-alikes
std::string normaliseEnrolmentCode(std::string_view code);  // upper case, no spaces or dashes
SecretHash hashSecret(std::string_view secret);
// A short fingerprint of a response's content, to tell a resend from a conflicting reuse of an id.
std::array<unsigned char, 16> contentHash(std::string_view canonical);

}  // namespace suara::hub
