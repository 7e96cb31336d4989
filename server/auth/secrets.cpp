#include "auth/secrets.hpp"

#include <sodium.h>

#include <cctype>
#include <stdexcept>

namespace suara::hub {

namespace {
void ensureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}
constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I
}  // namespace

std::string newToken() {
  ensureSodium();
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string newEnrolmentCode() {
  ensureSodium();
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kCodeAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kCodeAlphabet.size()))];
  }
  return code;
}

std::string normaliseEnrolmentCode(std::string_view code) {
  std::string out;
  for (char c : code)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

SecretHash hashSecret(std::string_view secret) {
  ensureSodium();
  SecretHash hash{};
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  return hash;
}

SecretHash newSecretKey() {
  ensureSodium();
  SecretHash key{};
  randombytes_buf(key.data(), key.size());
  return key;
}

SecretHash keyedHash(const SecretHash& key, std::string_view secret) {
  ensureSodium();
  SecretHash mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

std::array<unsigned char, 16> contentHash(std::string_view canonical) {
  ensureSodium();
  std::array<unsigned char, 16> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                     nullptr, 0);
  return hash;
}

}  // namespace suara::hub
