// Table property names and defaults that firn reads, spelled as in the Iceberg
// documentation ("Configuration" > "Table properties") so users can carry their settings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "firn/common/result.h"

namespace firn::iceberg {

using Properties = std::map<std::string, std::string>;

namespace props {
inline constexpr std::string_view kCommitNumRetries = "commit.retry.num-retries";
inline constexpr int64_t kCommitNumRetriesDefault = 4;
inline constexpr std::string_view kCommitMinRetryWaitMs = "commit.retry.min-wait-ms";
inline constexpr int64_t kCommitMinRetryWaitMsDefault = 100;
inline constexpr std::string_view kCommitMaxRetryWaitMs = "commit.retry.max-wait-ms";
inline constexpr int64_t kCommitMaxRetryWaitMsDefault = 60'000;
inline constexpr std::string_view kCommitTotalRetryTimeMs = "commit.retry.total-timeout-ms";
inline constexpr int64_t kCommitTotalRetryTimeMsDefault = 30 * 60'000;

inline constexpr std::string_view kManifestMinMergeCount = "commit.manifest.min-count-to-merge";
inline constexpr int64_t kManifestMinMergeCountDefault = 100;
inline constexpr std::string_view kManifestTargetSizeBytes = "commit.manifest.target-size-bytes";
inline constexpr int64_t kManifestTargetSizeBytesDefault = 8 * 1024 * 1024;
inline constexpr std::string_view kManifestMergeEnabled = "commit.manifest-merge.enabled";
inline constexpr bool kManifestMergeEnabledDefault = true;

inline constexpr std::string_view kMetadataDeleteAfterCommit =
    "write.metadata.delete-after-commit.enabled";
inline constexpr bool kMetadataDeleteAfterCommitDefault = false;
inline constexpr std::string_view kMetadataPreviousVersionsMax =
    "write.metadata.previous-versions-max";
inline constexpr int64_t kMetadataPreviousVersionsMaxDefault = 100;

inline constexpr std::string_view kTargetFileSizeBytes = "write.target-file-size-bytes";
inline constexpr int64_t kTargetFileSizeBytesDefault = 512 * 1024 * 1024;
// What firn's compaction packs to when the table sets no write.target-file-size-bytes
// (maintain/compact and observe/health agree on it through these), and where "small"
// starts: Iceberg's RewriteDataFiles min-file-size default, 75% of the target.
inline constexpr int64_t kCompactionTargetFileSizeBytesDefault = int64_t{256} << 20;
inline constexpr int64_t CompactionMinFileSizeBytes(int64_t target) { return target * 3 / 4; }
inline constexpr std::string_view kDefaultFileFormat = "write.format.default";
inline constexpr std::string_view kDataPath = "write.data.path";
inline constexpr std::string_view kMetadataPath = "write.metadata.path";
inline constexpr std::string_view kManifestCompressionCodec = "write.avro.compression-codec";

inline constexpr std::string_view kMaxSnapshotAgeMs = "history.expire.max-snapshot-age-ms";
inline constexpr int64_t kMaxSnapshotAgeMsDefault = 5LL * 24 * 60 * 60 * 1000;
inline constexpr std::string_view kMinSnapshotsToKeep = "history.expire.min-snapshots-to-keep";
inline constexpr int64_t kMinSnapshotsToKeepDefault = 1;
}  // namespace props

// The property as an integer, `fallback` when absent; InvalidArgument naming the property
// when it is not an integer.
Result<int64_t> PropertyAsInt(const Properties& p, std::string_view key, int64_t fallback);
// "true"/"false" (case-insensitive), `fallback` when absent.
Result<bool> PropertyAsBool(const Properties& p, std::string_view key, bool fallback);

}  // namespace firn::iceberg
