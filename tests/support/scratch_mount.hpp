#pragma once
// A small tmpfs of the test's own, for real full disks (ENOSPC) and read-only media (EROFS)
// from the kernel. It is mounted in a private mount namespace entered once per test process
// (as root directly, otherwise through a user namespace), so no mount outlives the process
// and nothing else on the machine sees it. Processes the test starts see it too.

#include <cstddef>
#include <filesystem>

namespace suara::test {

class ScratchMount {
 public:
  explicit ScratchMount(std::size_t bytes);  // throws std::runtime_error saying why not
  ~ScratchMount();
  ScratchMount(const ScratchMount&) = delete;
  ScratchMount& operator=(const ScratchMount&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
  void remount(bool readOnly);
  // Writes a filler file until the file system refuses another byte; remove it to free space.
  std::filesystem::path fill();
  std::size_t freeBytes() const;

 private:
  std::filesystem::path m_path;
  std::size_t m_bytes;
};

}  // namespace suara::test
