// The hash table behind the dictionary encoders: open addressing with linear probing over
// 8-byte slots {32-bit hash tag, entry index + 1}; 0 marks an empty slot. The values live
// in the encoder (in their PLAIN form); a slot is compared with a value only when the tags
// match, so a probe touches the value bytes about once. Load factor stays <= 1/2.
//
// Also the hash functions: a 64-bit multiply-xorshift finaliser per word, so that small
// integers, floats and string prefixes spread over the table.
//
// Thread-safety: none.
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/bytes.h"

namespace firn::parquet::encoding_internal {

inline constexpr uint64_t kHashMul1 = 0x9e3779b97f4a7c15ULL;  // 2^64 / golden ratio
inline constexpr uint64_t kHashMul2 = 0xc2b2ae3d27d4eb4fULL;

// Bijective finaliser (the MurmurHash3 fmix64 constants): every input bit affects every
// output bit.
inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t HashStep(uint64_t h, uint64_t word) {
  return std::rotl(h ^ (word * kHashMul1), 29) * kHashMul2;
}

// Hash of n arbitrary bytes: 8 bytes per step, the tail as one overlapping word.
inline uint64_t HashBytes(const uint8_t* p, size_t n) {
  uint64_t h = kHashMul2 ^ (n * kHashMul1);
  if (n >= 8) {
    const uint8_t* last = p + n - 8;
    for (; p < last; p += 8) h = HashStep(h, LoadLE<uint64_t>(p));
    h = HashStep(h, LoadLE<uint64_t>(last));
  } else if (n >= 4) {
    h = HashStep(h, LoadLE<uint32_t>(p) | uint64_t{LoadLE<uint32_t>(p + n - 4)} << 32);
  } else if (n > 0) {
    h = HashStep(h, p[0] | uint64_t{p[n / 2]} << 8 | uint64_t{p[n - 1]} << 16);
  }
  return MixHash(h);
}

class DictHashTable {
 public:
  // Returns the index of the entry equal to the value hashed as `hash`, as decided by
  // equals(index), or, if there is none, claims index size() for it (the caller then stores
  // the value) and sets *inserted.
  template <typename Equals>
  uint32_t FindOrInsert(uint64_t hash, Equals&& equals, bool* inserted) {
    if (num_slots_ == 0) Rehash(kInitialSlots);
    uint32_t tag = static_cast<uint32_t>(hash >> 32);
    Slot* slots = this->slots();
    for (size_t pos = tag & mask_;; pos = (pos + 1) & mask_) {
      Slot& slot = slots[pos];
      if (slot.index_plus_one == 0) {
        uint32_t index = size_++;
        slot = Slot{tag, index + 1};
        if (2 * size_t{size_} > num_slots_) Rehash(2 * num_slots_);
        *inserted = true;
        return index;
      }
      if (slot.tag == tag && equals(slot.index_plus_one - 1)) {
        *inserted = false;
        return slot.index_plus_one - 1;
      }
    }
  }

  // Hints that a FindOrInsert(hash, ...) follows soon: batch callers hash a run of values
  // first and prefetch their slots, so that the cache misses of a large table overlap.
  void Prefetch(uint64_t hash) const {
    if (num_slots_ != 0) {
      __builtin_prefetch(slots_.data() + ((hash >> 32) & mask_) * sizeof(Slot));
    }
  }

  uint32_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() + spare_.capacity(); }
  // Empties the table, keeping its slots.
  void Clear() {
    std::fill(slots(), slots() + num_slots_, Slot{});
    size_ = 0;
  }
  // Empties the table and frees its slots (the next insert allocates again).
  void Release() {
    slots_.Release();
    spare_.Release();
    num_slots_ = mask_ = 0;
    size_ = 0;
  }

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t index_plus_one = 0;
  };
  static constexpr size_t kInitialSlots = 256;

  Slot* slots() { return reinterpret_cast<Slot*>(slots_.data()); }

  // Slots live in Buffers (pooled memory) rather than a std::vector: a dictionary grows
  // to hundreds of thousands of slots in every file, and fresh pages are slow to touch.
  void Rehash(size_t num_slots) {
    std::swap(slots_, spare_);  // spare_ now holds the old slots
    const Slot* old = reinterpret_cast<const Slot*>(spare_.data());
    const size_t old_slots = num_slots_;
    slots_.Resize(num_slots * sizeof(Slot));
    std::fill(slots(), slots() + num_slots, Slot{});
    num_slots_ = num_slots;
    mask_ = num_slots - 1;
    Slot* slots = this->slots();
    for (size_t i = 0; i < old_slots; ++i) {
      const Slot& s = old[i];
      if (s.index_plus_one == 0) continue;
      size_t pos = s.tag & mask_;
      while (slots[pos].index_plus_one != 0) pos = (pos + 1) & mask_;
      slots[pos] = s;
    }
    spare_.Release();  // back to the pool
  }

  Buffer slots_;   // num_slots_ Slots
  Buffer spare_;   // the old slots during a rehash
  size_t num_slots_ = 0;
  size_t mask_ = 0;
  uint32_t size_ = 0;
};

// The table for values of at most 8 bytes (INT32, INT64, FLOAT, DOUBLE): the value itself
// sits in the 16-byte slot next to its index, so a probe touches one cache line and never
// the dictionary page. Same probing and load factor as DictHashTable.
class InlineDictHashTable {
 public:
  // Returns the index of `key` (hashed as `hash`), or claims index size() for it and sets
  // *inserted.
  uint32_t FindOrInsert(uint64_t hash, uint64_t key, bool* inserted) {
    if (num_slots_ == 0) Rehash(kInitialSlots);
    Slot* slots = this->slots();
    for (size_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
      Slot& slot = slots[pos];
      if (slot.index_plus_one == 0) {
        uint32_t index = size_++;
        slot = Slot{key, index + 1, static_cast<uint32_t>(hash)};
        if (2 * size_t{size_} > num_slots_) Rehash(2 * num_slots_);
        *inserted = true;
        return index;
      }
      if (slot.key == key) {
        *inserted = false;
        return slot.index_plus_one - 1;
      }
    }
  }

  void Prefetch(uint64_t hash) const {
    if (num_slots_ != 0) __builtin_prefetch(slots_.data() + (hash & mask_) * sizeof(Slot));
  }

  uint32_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() + spare_.capacity(); }
  void Clear() {
    std::fill(slots(), slots() + num_slots_, Slot{});
    size_ = 0;
  }
  // Empties the table and frees its slots (the next insert allocates again).
  void Release() {
    slots_.Release();
    spare_.Release();
    num_slots_ = mask_ = 0;
    size_ = 0;
  }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t index_plus_one = 0;
    uint32_t hash_low = 0;  // the low 32 bits of the hash: enough to rehash up to 2^32 slots
  };
  static constexpr size_t kInitialSlots = 256;

  Slot* slots() { return reinterpret_cast<Slot*>(slots_.data()); }

  void Rehash(size_t num_slots) {
    std::swap(slots_, spare_);
    const Slot* old = reinterpret_cast<const Slot*>(spare_.data());
    const size_t old_slots = num_slots_;
    slots_.Resize(num_slots * sizeof(Slot));
    std::fill(slots(), slots() + num_slots, Slot{});
    num_slots_ = num_slots;
    mask_ = num_slots - 1;
    Slot* slots = this->slots();
    for (size_t i = 0; i < old_slots; ++i) {
      const Slot& s = old[i];
      if (s.index_plus_one == 0) continue;
      size_t pos = s.hash_low & mask_;
      while (slots[pos].index_plus_one != 0) pos = (pos + 1) & mask_;
      slots[pos] = s;
    }
    spare_.Release();
  }

  Buffer slots_;
  Buffer spare_;
  size_t num_slots_ = 0;
  size_t mask_ = 0;
  uint32_t size_ = 0;
};

// a[0, n) == b[0, n) without a library call: dictionary entries are mostly short (codes,
// versions, ids), where calling memcmp costs more than the comparison.
inline bool EqualBytes(const uint8_t* a, const uint8_t* b, size_t n) {
  if (n >= 8) {
    const size_t last = n - 8;
    for (size_t i = 0; i < last; i += 8) {
      if (LoadLE<uint64_t>(a + i) != LoadLE<uint64_t>(b + i)) return false;
    }
    return LoadLE<uint64_t>(a + last) == LoadLE<uint64_t>(b + last);
  }
  if (n >= 4) {
    return (LoadLE<uint32_t>(a) ^ LoadLE<uint32_t>(b)) == 0 &&
           LoadLE<uint32_t>(a + n - 4) == LoadLE<uint32_t>(b + n - 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace firn::parquet::encoding_internal
