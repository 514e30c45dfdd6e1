#include "firn/common/buffer.h"

#include <cstdlib>
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

void Buffer::Grow(size_t min_capacity) {
  size_t cap = capacity_ < 64 ? 64 : capacity_;
  while (cap < min_capacity) cap += cap / 2 + 64;
  void* p = std::realloc(data_, cap);
  if (p == nullptr) throw std::bad_alloc();  // out of memory is not recoverable here
  data_ = static_cast<uint8_t*>(p);
  capacity_ = cap;
}

}  // namespace firn
