#pragma once
// Expected failures are values: every fallible core operation returns Result<T>.
// Exceptions from libraries are caught at the module boundary and turned into an Error.

#include <string>
#include <utility>
#include <variant>

namespace suara {

enum class Errc {
  Invalid,   // bad input: config, JSON, CLI argument
  NotFound,  // a file or record that should exist does not
  DiskFull,  // the storage device (or the configured size limit) is full
  Corrupt,   // a stored file is damaged
  Io,        // any other I/O failure
  Internal,  // a bug or an unexpected library failure
  Forbidden, // the principal may see this but not change it (a viewer, say)
  Conflict,  // the change meets a newer state: already done, or changed by someone else meanwhile
};

struct Error {
  Errc code = Errc::Internal;
  std::string message;  // one clear sentence, no secrets
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : m_state(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<T>(m_state); }
  const T& value() const& { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(m_state); }

 private:
  std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT

  bool ok() const noexcept { return !m_failed; }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const { return m_error; }

 private:
  Error m_error;
  bool m_failed = false;
};

using Status = Result<void>;

inline Error makeError(Errc code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace suara
