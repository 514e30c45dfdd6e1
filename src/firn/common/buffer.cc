#include "firn/common/buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace firn {

Buffer::~Buffer() { std::free(data_); }

Buffer::Buffer(Buffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void Buffer::Release() {
  std::free(data_);
  data_ = nullptr;
  size_ = capacity_ = 0;
}

namespace {

// Past this size a buffer is backed by transparent huge pages: first touches of fresh 4 KiB
// pages cost ~12 µs each on these machines, huge pages ~50x less
// (shared/notes/machine-and-peers.md).
constexpr size_t kHugePageThreshold = 2u << 20;
constexpr size_t kHugePage = 2u << 20;

}  // namespace

void Buffer::Grow(size_t min_capacity) {
  size_t cap = capacity_ < 64 ? 64 : capacity_;
  while (cap < min_capacity) cap = cap < kHugePageThreshold ? cap + cap / 2 + 64 : cap * 2;
  if (cap < kHugePageThreshold) {
    void* p = std::realloc(data_, cap);
    if (p == nullptr) throw std::bad_alloc();  // out of memory is not recoverable here
    data_ = static_cast<uint8_t*>(p);
    capacity_ = cap;
    return;
  }
  cap = (cap + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, cap);
  if (p == nullptr) throw std::bad_alloc();
  ::madvise(p, cap, MADV_HUGEPAGE);  // advisory: ignored where THP is off
  if (size_ > 0) std::memcpy(p, data_, size_);
  std::free(data_);
  data_ = static_cast<uint8_t*>(p);
  capacity_ = cap;
}

}  // namespace firn
