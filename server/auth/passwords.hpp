#pragma once
// Passwords of dashboard users: argon2id (libsodium's crypto_pwhash_str, its "interactive"
// limits: 64 MiB and 2 passes, about a tenth of a second here), salted and self-describing.
// Hashing is deliberately expensive, so at most `concurrent` run at once: a burst of logins
// queues rather than taking the hub's memory (64 MiB each).

#include <cstddef>
#include <semaphore>
#include <string>
#include <string_view>

#include "suara/core/result.hpp"

namespace suara::hub {

class PasswordHasher {
 public:
  explicit PasswordHasher(std::ptrdiff_t concurrent = 2);
  virtual ~PasswordHasher() = default;
  Result<std::string> hash(std::string_view password);
  // Whether `password` is the one `hash` was made from (false for a damaged hash). Virtual so
  // that a test can hold sign-ins inside the check, as slow hashing holds them in the field.
  virtual bool verify(const std::string& hash, std::string_view password);
  // Whether `hash` was made with weaker limits than today's (rehash at the next login).
  static bool needsRehash(const std::string& hash);

 private:
  std::counting_semaphore<64> m_slots;
};

// Why `password` cannot be one for `userName`, or empty: at least 10 characters (a phrase is
// easier to remember than a short password with symbols), at most 1024 bytes (argon2 reads it
// all), not the user's name, no control characters.
std::string whyWeakPassword(std::string_view password, std::string_view userName);

}  // namespace suara::hub
