#include "firn/avro/codec.h"

#include <snappy.h>
#include <zlib.h>

#include <limits>

namespace firn::avro {
namespace {

uint32_t Crc32(std::span<const uint8_t> data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const uint8_t* p = data.data();
  size_t n = data.size();
  while (n > 0) {
    uInt chunk = static_cast<uInt>(std::min<size_t>(n, std::numeric_limits<uInt>::max()));
    crc = crc32(crc, p, chunk);
    p += chunk;
    n -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

Status Deflate(std::span<const uint8_t> in, int level, Buffer* out) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Internal("deflateInit2 failed (level {})", level);
  }
  size_t bound = deflateBound(&z, static_cast<uLong>(in.size()));
  size_t start = out->size();
  uint8_t* dest = out->Extend(bound);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = dest;
  z.avail_out = static_cast<uInt>(bound);
  int rc = deflate(&z, Z_FINISH);
  size_t produced = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Internal("deflate failed: {}", rc);
  out->Resize(start + produced);
  return OkStatus();
}

Status Inflate(std::span<const uint8_t> in, Buffer* out) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return Internal("inflateInit2 failed");
  out->Clear();
  out->Reserve(std::min(kMaxBlockBytes, std::max<size_t>(in.size() * 4, 4096)));
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (out->size() == out->capacity()) {
      if (out->capacity() >= kMaxBlockBytes) {
        inflateEnd(&z);
        return Corrupt("deflate block inflates to more than {} bytes", kMaxBlockBytes);
      }
      out->Reserve(std::min(kMaxBlockBytes, out->capacity() * 2));
    }
    size_t room = out->capacity() - out->size();
    size_t before = out->size();
    z.next_out = out->Extend(room);
    z.avail_out = static_cast<uInt>(room);
    rc = inflate(&z, Z_NO_FLUSH);
    out->Resize(before + (room - z.avail_out));
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) {
      // Z_BUF_ERROR with input left means no progress is possible: truncated or damaged.
      std::string msg = z.msg != nullptr ? z.msg : (rc == Z_BUF_ERROR ? "truncated data" : "error");
      inflateEnd(&z);
      return Corrupt("deflate: {}", msg);
    }
    if (z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return Corrupt("deflate: truncated data");
    }
  }
  inflateEnd(&z);
  return OkStatus();
}

Status SnappyDecompress(std::span<const uint8_t> in, Buffer* out) {
  if (in.size() < 4) return Corrupt("snappy block of {} bytes has no CRC", in.size());
  const char* data = reinterpret_cast<const char*>(in.data());
  size_t n = in.size() - 4;
  size_t len = 0;
  if (!snappy::GetUncompressedLength(data, n, &len)) return Corrupt("snappy: bad block header");
  if (len > kMaxBlockBytes) {
    return Corrupt("snappy block claims {} bytes, more than {}", len, kMaxBlockBytes);
  }
  out->Resize(len);
  if (!snappy::RawUncompress(data, n, reinterpret_cast<char*>(out->data()))) {
    return Corrupt("snappy: damaged block");
  }
  const uint8_t* c = in.data() + n;
  uint32_t expected =
      (uint32_t{c[0]} << 24) | (uint32_t{c[1]} << 16) | (uint32_t{c[2]} << 8) | c[3];
  uint32_t actual = Crc32(out->span());
  if (expected != actual) {
    return Corrupt("snappy: CRC-32 mismatch (stored {:08x}, computed {:08x})", expected, actual);
  }
  return OkStatus();
}

}  // namespace

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNull:
      return "null";
    case Codec::kDeflate:
      return "deflate";
    case Codec::kSnappy:
      return "snappy";
  }
  return "?";
}

Result<Codec> ParseCodec(std::string_view name) {
  if (name == "null") return Codec::kNull;
  if (name == "deflate") return Codec::kDeflate;
  if (name == "snappy") return Codec::kSnappy;
  return NotSupported("avro codec '{}'", name);
}

Status CompressBlock(Codec codec, std::span<const uint8_t> in, int level, Buffer* out) {
  switch (codec) {
    case Codec::kNull:
      out->Append(in);
      return OkStatus();
    case Codec::kDeflate:
      return Deflate(in, level, out);
    case Codec::kSnappy: {
      size_t start = out->size();
      out->Extend(snappy::MaxCompressedLength(in.size()));
      size_t produced = 0;
      snappy::RawCompress(reinterpret_cast<const char*>(in.data()), in.size(),
                          reinterpret_cast<char*>(out->data() + start), &produced);
      out->Resize(start + produced);
      uint32_t crc = Crc32(in);
      uint8_t be[4] = {static_cast<uint8_t>(crc >> 24), static_cast<uint8_t>(crc >> 16),
                       static_cast<uint8_t>(crc >> 8), static_cast<uint8_t>(crc)};
      out->Append(be, 4);
      return OkStatus();
    }
  }
  return Internal("unknown codec");
}

Status DecompressBlock(Codec codec, std::span<const uint8_t> in, Buffer* out) {
  switch (codec) {
    case Codec::kNull:
      out->Clear();
      out->Append(in);
      return OkStatus();
    case Codec::kDeflate:
      return Inflate(in, out);
    case Codec::kSnappy:
      return SnappyDecompress(in, out);
  }
  return Internal("unknown codec");
}

}  // namespace firn::avro
