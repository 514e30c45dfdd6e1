// icebird reads a table through fetch(); the tests' tables are local files. Installing
// this makes fetch() of an absolute path or a file:// URL answer with the file's bytes
// (404 when it is missing) and leaves every other URL to the real fetch.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function serveLocalFilesToFetch() {
  const realFetch = globalThis.fetch
  globalThis.fetch = async (url, init) => {
    const s = String(url)
    if (s.startsWith('/') || s.startsWith('file://')) {
      const path = s.startsWith('file://') ? fileURLToPath(s) : s
      try {
        return new Response(readFileSync(path))
      } catch {
        return new Response('not found', { status: 404, statusText: 'Not Found' })
      }
    }
    return realFetch(url, init)
  }
}
