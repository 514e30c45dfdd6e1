// FaultInjectingFileIO: a FileIO on a SimulatedDisk (simulated_disk.h), for testing that
// commit paths survive failing storage and crashes.
//
// It behaves like LocalFileIO, step by step: NewOutputFile creates a temporary file
// "<dir>/.<name>.<hex>.tmp" (visible to List, as on a real disk); every non-empty Write
// goes straight to it (no buffering, so "the nth write" means the nth Write call); Commit
// syncs the file, renames it to the final name and syncs the directory; Rename syncs both
// directories; Delete syncs nothing. Each of those steps is an operation that tests can
// make fail (InjectFault), once or from some point on ("a failing disk"), with an
// ENOSPC-style IOError by default.
//
// DropUnsyncedData() simulates a crash and restart: everything that no completed sync made
// durable disappears. Committed files stay, whole; uncommitted ones vanish (or, if another
// Commit synced their directory meanwhile, leave an empty temporary file, as a real crash
// can); renames and deletes not yet synced are undone. OutputFiles open at the crash fail
// from then on; InputFiles keep reading what they had.
//
// Thread-safety: thread-safe. Files may outlive the FaultInjectingFileIO.
#pragma once

#include <cerrno>
#include <cstdint>
#include <memory>

#include "firn/io/file_io.h"
#include "firn/io/simulated_disk.h"

namespace firn::io {

class FaultInjectingFileIO final : public FileIO {
 public:
  FaultInjectingFileIO();
  ~FaultInjectingFileIO() override;

  // Makes the nth operation of kind `op` from now on (n >= 1; 1 = the next) fail with
  // "<op> <path>: <strerror(err)> (injected fault)"; with kPersistent, also every later
  // one until ClearFaults(). Replaces an earlier fault for the same `op`.
  void InjectFault(FaultOp op, int64_t n, FaultMode mode = FaultMode::kOnce, int err = ENOSPC);
  void ClearFaults();
  // Operations of kind `op` attempted so far, failed ones included.
  int64_t OpCount(FaultOp op) const;

  // Simulates a crash and restart (see above).
  void DropUnsyncedData();

  Result<std::unique_ptr<InputFile>> OpenInputFile(const FilePath& path) override;
  Result<bool> Exists(const FilePath& path) override;
  Status Delete(const FilePath& path) override;
  Result<std::vector<FileInfo>> List(const FilePath& dir) override;

 protected:
  Result<std::unique_ptr<OutputFile>> NewOutputFileImpl(const FilePath& path,
                                                        WriteMode mode) override;
  Status RenameImpl(const FilePath& from, const FilePath& to, WriteMode mode) override;

 private:
  std::shared_ptr<SimulatedDisk> disk_;  // shared with the files
};

}  // namespace firn::io
