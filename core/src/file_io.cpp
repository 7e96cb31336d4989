#include "file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace suara {

Result<std::string> readTextFile(const std::filesystem::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int err = errno;
    return makeError(err == ENOENT ? Errc::NotFound : Errc::Io,
                     std::string("cannot read ") + what + " '" + file.string() + "': " + std::strerror(err));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return makeError(Errc::Io, std::string("error reading ") + what + " '" + file.string() + "'");
  return buffer.str();
}

}  // namespace suara
