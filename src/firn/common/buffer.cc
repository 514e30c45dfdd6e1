#include "firn/common/buffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <mutex>
#include <vector>
#include <cstring>
#include <new>
#include <utility>

namespace firn {


namespace {

// Allocations of at least kPoolMin bytes come from size classes (powers of two) and go
// back to a process-wide pool when freed, so that the next file's column buffers reuse
// pages that are already mapped: first touches of fresh 4 KiB pages cost ~12 µs each on
// these machines (shared/notes/machine-and-peers.md). Past kHugePage the blocks are
// 2 MiB-aligned and advised as transparent huge pages, which fault ~50x faster.
constexpr size_t kPoolMin = 64u << 10;
constexpr size_t kHugePage = 2u << 20;
constexpr int kClasses = 48;

struct Pool {
  std::mutex mu;
  std::vector<void*> free[kClasses];
  size_t cached = 0;
  size_t limit = 256u << 20;
};

Pool& GetPool() {
  static Pool* pool = new Pool();  // leaked on purpose: used from static destructors
  return *pool;
}

int ClassOf(size_t cap) { return std::bit_width(cap - 1); }  // cap is a power of two

void* AllocateBlock(size_t cap) {
  Pool& pool = GetPool();
  {
    std::lock_guard lock(pool.mu);
    auto& list = pool.free[ClassOf(cap)];
    if (!list.empty()) {
      void* p = list.back();
      list.pop_back();
      pool.cached -= cap;
      return p;
    }
  }
  void* p = cap >= kHugePage ? std::aligned_alloc(kHugePage, cap) : std::malloc(cap);
  if (p == nullptr) throw std::bad_alloc();  // out of memory is not recoverable here
  if (cap >= kHugePage) ::madvise(p, cap, MADV_HUGEPAGE);  // advisory
  return p;
}

void ReleaseBlock(void* p, size_t cap) {
  Pool& pool = GetPool();
  {
    std::lock_guard lock(pool.mu);
    if (pool.cached + cap <= pool.limit) {
      pool.free[ClassOf(cap)].push_back(p);
      pool.cached += cap;
      return;
    }
  }
  std::free(p);
}

void Deallocate(uint8_t* data, size_t capacity) {
  if (data == nullptr) return;
  if (capacity >= kPoolMin) ReleaseBlock(data, capacity);
  else std::free(data);
}

}  // namespace

Buffer::~Buffer() { Deallocate(data_, capacity_); }

Buffer::Buffer(Buffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    Deallocate(data_, capacity_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void Buffer::Release() {
  Deallocate(data_, capacity_);
  data_ = nullptr;
  size_ = capacity_ = 0;
}

void Buffer::Grow(size_t min_capacity) {
  size_t cap = capacity_ < 64 ? 64 : capacity_;
  while (cap < min_capacity && cap < kPoolMin) cap += cap / 2 + 64;
  if (cap < kPoolMin) {
    void* p = std::realloc(data_, cap);
    if (p == nullptr) throw std::bad_alloc();
    data_ = static_cast<uint8_t*>(p);
    capacity_ = cap;
    return;
  }
  cap = std::bit_ceil(std::max(min_capacity, kPoolMin));
  void* p = AllocateBlock(cap);
  if (size_ > 0) std::memcpy(p, data_, size_);
  Deallocate(data_, capacity_);
  data_ = static_cast<uint8_t*>(p);
  capacity_ = cap;
}

void BufferChain::Append(const void* src, size_t n) {
  if (n == 0) return;
  if (segments_.empty()) segments_.emplace_back();
  Buffer* tail = &segments_.back();
  // The first segment grows as a Buffer does (small chains stay small); past kSegment a
  // new one starts.
  if (tail->size() + n > tail->capacity() && tail->size() + n > kSegment && tail->size() > 0) {
    tail = &segments_.emplace_back(std::max(n, kSegment));
  }
  tail->Append(src, n);
  size_ += n;
}

size_t BufferChain::capacity() const {
  size_t c = 0;
  for (const Buffer& b : segments_) c += b.capacity();
  return c;
}

void BufferChain::Clear() {
  if (segments_.size() > 1) segments_.resize(1);
  if (!segments_.empty()) segments_[0].Clear();
  size_ = 0;
}

void BufferChain::Release() {
  segments_.clear();
  size_ = 0;
}

size_t BufferPoolCachedBytes() {
  Pool& pool = GetPool();
  std::lock_guard lock(pool.mu);
  return pool.cached;
}

void SetBufferPoolLimit(size_t bytes) {
  Pool& pool = GetPool();
  std::lock_guard lock(pool.mu);
  pool.limit = bytes;
  for (auto& list : pool.free) {
    while (pool.cached > pool.limit && !list.empty()) {
      std::free(list.back());
      list.pop_back();
    }
  }
  // Recompute exactly: the loop above drops blocks of any class.
  size_t cached = 0;
  for (int c = 0; c < kClasses; ++c) cached += pool.free[c].size() * (size_t{1} << c);
  pool.cached = cached;
}

}  // namespace firn
