#include "auth/passwords.hpp"

#include <sodium.h>

#include <algorithm>

#include "terminal_text.hpp"

namespace suara::hub {

namespace {
constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// Holds one of the hasher's slots for its lifetime.
class Slot {
 public:
  explicit Slot(std::counting_semaphore<64>& slots) : m_slots(slots) { m_slots.acquire(); }
  ~Slot() { m_slots.release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::counting_semaphore<64>& m_slots;
};
}  // namespace

PasswordHasher::PasswordHasher(std::ptrdiff_t concurrent) : m_slots(std::clamp<std::ptrdiff_t>(concurrent, 1, 64)) {
  if (sodium_init() < 0) std::abort();  // no safe way on without a working random source
}

Result<std::string> PasswordHasher::hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  const Slot slot(m_slots);
  if (crypto_pwhash_str(out, password.data(), password.size(), kOps, kMemory) != 0)
    return makeError(Errc::Io, "hashing a password failed (out of memory?)");
  return std::string(out);
}

bool PasswordHasher::verify(const std::string& hash, std::string_view password) {
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  const Slot slot(m_slots);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needsRehash(const std::string& hash) {
  return hash.size() >= crypto_pwhash_STRBYTES || crypto_pwhash_str_needs_rehash(hash.c_str(), kOps, kMemory) != 0;
}

std::string whyWeakPassword(std::string_view password, std::string_view userName) {
  std::size_t characters = 0;
  for (const char c : password) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (characters < 10) return "a password needs at least 10 characters (a few words are easier to remember)";
  if (password.size() > 1024) return "a password may have at most 1024 bytes";
  if (password == userName) return "a password must not be the user's name";
  if (hasControlCharacter(password)) return "a password must not hold control characters";
  return {};
}

}  // namespace suara::hub
