// The Thrift compact protocol (apache/thrift doc/specs/thrift-compact-protocol.md), the
// encoding of every Parquet footer, page header and page index. Only what Parquet needs:
// structs, unions, lists/sets, maps (for skipping) and the base types; no messages.
//
//   compact_type.h    CompactType, the wire type ids
//   compact_writer.h  CompactWriter: appends to a Buffer, cannot fail
//   compact_reader.h  CompactReader: bounds-checked reads of untrusted bytes
//
// The typed Parquet structs on top of it are in metadata_thrift.h.
#pragma once

#include "firn/parquet/format/compact_reader.h"
#include "firn/parquet/format/compact_type.h"
#include "firn/parquet/format/compact_writer.h"
