#pragma once
// Secrets of the hub: kiosk bearer tokens and one-time enrolment codes (libsodium). Only
// their hashes are ever stored (tokens: SHA-256 of 256 random bits; codes: keyed, as they are
// short); the plain values are shown once and never logged.

#include <array>
#include <string>
#include <string_view>

namespace suara::hub {

using SecretHash = std::array<unsigned char, 32>;

std::string newToken();                       // 256 random bits, base64url
std::string newEnrolmentCode();  // "7KQM-3XPA-W9RT": 12 of 32 symbols (60 bits), no look-alikes
SecretHash newSecretKey();       // 256 random bits
std::string normaliseEnrolmentCode(std::string_view code);  // upper case, no spaces or dashes
SecretHash hashSecret(std::string_view secret);
// HMAC-SHA-256 of `secret` under `key`: what is stored for an enrolment code, so that a copy
// of the database alone does not let anyone test guesses offline.
SecretHash keyedHash(const SecretHash& key, std::string_view secret);
// A short fingerprint of a response's content, to tell a resend from a conflicting reuse of an id.
std::array<unsigned char, 16> contentHash(std::string_view canonical);

}  // namespace suara::hub
