// Schema-driven binary encoding and decoding of Values (Avro 1.11 specification,
// "Binary Encoding"; the value model is in value.h).
//
// EncodeValue writes an array or map as one block (count, items, 0), or just 0 when
// empty. DecodeValue reads any block layout, including negative counts with byte sizes.
// Decoding guards against damaged input: a block count larger than the remaining bytes
// allow (given the item type's smallest encoding) is Corrupt, as are union indexes out of
// range, enum indexes past the symbols and nesting deeper than kMaxDepth. Errors name the
// field path: "field 'data_file': field 'file_path': string at offset 93 ...".
//
// Thread-safety: free functions, no shared state.
#pragma once

#include "firn/avro/decoder.h"
#include "firn/avro/encoder.h"
#include "firn/avro/schema.h"
#include "firn/avro/value.h"
#include "firn/common/result.h"

namespace firn::avro {

// Nesting limit for decoding (recursive schemas could otherwise exhaust the stack).
inline constexpr int kMaxDepth = 128;

// Most items a block may declare when the item type encodes in zero bytes (arrays of
// null): such a block costs no input, so only this limit stops an allocation bomb.
inline constexpr int64_t kMaxZeroSizeItems = 1 << 16;

// Errors: InvalidArgument when `value` does not match `node` (type, union branch, enum
// index, fixed size, record field count), naming the field path.
Status EncodeValue(const Node& node, const Value& value, Encoder& encoder);

// Decodes one value of `node` into *out (reusing its memory).
Status DecodeValue(const Node& node, Decoder& decoder, Value* out);
Result<Value> DecodeValue(const Node& node, Decoder& decoder);

}  // namespace firn::avro
