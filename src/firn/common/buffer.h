// Buffer: a growable byte buffer that does not zero what it allocates and keeps its
// capacity across Clear(), so that column buffers, pages and compression scratch are
// reused across row groups and files (fresh pages cost ~12 µs per 4 KiB on these machines;
// see shared/notes/machine-and-peers.md).
//
// Thread-safety: none; owned by one writer or reader at a time. Move-only. Memory of
// large buffers is recycled through a thread-safe pool (see BufferPoolCachedBytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace firn {

class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t capacity) { Reserve(capacity); }
  ~Buffer();
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  std::span<const uint8_t> span() const { return {data_, size_}; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }

  // Drops the contents, keeps the capacity.
  void Clear() { size_ = 0; }
  // Frees the memory.
  void Release();
  void Reserve(size_t capacity) {
    if (capacity > capacity_) Grow(capacity);
  }
  // New bytes (if growing) are uninitialised.
  void Resize(size_t size) {
    Reserve(size);
    size_ = size;
  }
  // Appends n uninitialised bytes and returns a pointer to them.
  uint8_t* Extend(size_t n) {
    if (size_ + n > capacity_) Grow(size_ + n);
    uint8_t* p = data_ + size_;
    size_ += n;
    return p;
  }
  void Append(const void* src, size_t n) {
    if (n == 0) return;
    std::memcpy(Extend(n), src, n);
  }
  void Append(std::span<const uint8_t> bytes) { Append(bytes.data(), bytes.size()); }
  void Append(std::string_view s) { Append(s.data(), s.size()); }
  void PushBack(uint8_t b) {
    if (size_ == capacity_) Grow(size_ + 1);
    data_[size_++] = b;
  }
  template <typename T>
  void AppendValue(const T& v) {
    Append(&v, sizeof(T));
  }

 private:
  void Grow(size_t min_capacity);

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// BufferChain: bytes that are only appended and then read out in order (a column chunk's
// pages), kept in segments of about kSegment bytes so that growing never copies what is
// already there and never faults in a doubled block: a 100 MB chunk in one Buffer costs
// ~100 MB of copies and ~200 MB of fresh pages on the way. An append never straddles two
// segments. Segments are 2 MiB: blocks that size are whole transparent huge pages (see
// buffer.cc), whose first touch costs one fault instead of 512; with 1 MiB segments the
// page faults of a fresh chain were ~6% of a single-threaded ingest run.
//
// Thread-safety: none. Move-only.
class BufferChain {
 public:
  static constexpr size_t kSegment = 2 << 20;

  void Append(const void* src, size_t n);
  void Append(std::span<const uint8_t> bytes) { Append(bytes.data(), bytes.size()); }
  size_t size() const { return size_; }
  size_t capacity() const;
  // The bytes in order: the segments' spans.
  const std::vector<Buffer>& segments() const { return segments_; }
  // Drops the contents; the first segment keeps its memory, the others go back to the
  // pool.
  void Clear();
  void Release();

 private:
  std::vector<Buffer> segments_;
  size_t size_ = 0;
};

// Buffers of 64 KiB and more take their memory from size classes that are recycled
// through a process-wide pool (bounded, 256 MiB by default), so that writers created one
// after another reuse mapped pages. Thread-safe.
size_t BufferPoolCachedBytes();
void SetBufferPoolLimit(size_t bytes);

}  // namespace firn
