#include "support/scratch_mount.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace suara::test {

namespace fs = std::filesystem;

namespace {

void writeFile(const char* file, const std::string& text) {
  std::ofstream out(file);
  out << text;
  if (!out) throw std::runtime_error(std::string("cannot write ") + file);
}

void enterPrivateMountNamespace() {
  static bool entered = false;
  if (entered) return;
  if (::unshare(CLONE_NEWNS) != 0) {
    // Not root: a user namespace maps us to root inside it, with the right to mount a tmpfs.
    const auto uid = ::getuid();
    const auto gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
      throw std::runtime_error(std::string("cannot enter a private mount namespace (needs root or user namespaces): ") +
                               std::strerror(errno));
    writeFile("/proc/self/setgroups", "deny");
    writeFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
    writeFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
  }
  if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    throw std::runtime_error(std::string("cannot make mounts private: ") + std::strerror(errno));
  entered = true;
}

std::string options(std::size_t bytes) { return "size=" + std::to_string(bytes) + ",mode=0700"; }

}  // namespace

ScratchMount::ScratchMount(std::size_t bytes) : m_bytes(bytes) {
  enterPrivateMountNamespace();
  std::string pattern = (fs::temp_directory_path() / "suara-mount-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
  if (::mount("suara-test", m_path.c_str(), "tmpfs", 0, options(bytes).c_str()) != 0)
    throw std::runtime_error("cannot mount a tmpfs: " + std::string(std::strerror(errno)));
}

ScratchMount::~ScratchMount() {
  ::umount2(m_path.c_str(), MNT_DETACH);
  ::rmdir(m_path.c_str());
}

void ScratchMount::remount(bool readOnly) {
  if (::mount("suara-test", m_path.c_str(), "tmpfs", MS_REMOUNT | (readOnly ? MS_RDONLY : 0), options(m_bytes).c_str()) != 0)
    throw std::runtime_error("cannot remount: " + std::string(std::strerror(errno)));
}

fs::path ScratchMount::fill() {
  const fs::path filler = m_path / "filler";
  const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the filler file");
  const std::vector<char> block(64 * 1024, 'x');
  for (std::size_t size = block.size(); size > 0; size /= 2)  // large writes, then down to the last byte
    while (::write(fd, block.data(), size) == static_cast<ssize_t>(size)) {
    }
  ::close(fd);
  return filler;
}

std::size_t ScratchMount::freeBytes() const {
  struct statvfs st {};
  ::statvfs(m_path.c_str(), &st);
  return static_cast<std::size_t>(st.f_bavail) * st.f_frsize;
}

}  // namespace suara::test
