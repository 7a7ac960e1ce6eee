// A read-only memory map of a whole file. Pages are read only when touched,
// so skipping over a tensor's bytes never reads them from disk.
#pragma once
#include <string>
#include <string_view>

namespace infergy::profile {

class MappedFile {
 public:
  // Throws InputError when the file cannot be opened, Failure when mmap fails.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace infergy::profile
