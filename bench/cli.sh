# Sourced by the bench scripts: builds the CLI under test into $1 and sets CLI_DLL to its provenant.dll.
# CLI=r2r (default): `dotnet publish -r <this machine's RID>`, which the CLI project makes ReadyToRun — the installed
# form (README, "Install"), so short processes and a server's first minutes do not JIT-compile the whole stack.
# CLI=jit: the plain `dotnet build` output (every method JIT-compiled on first call).
bench_cli() {
  if [ "${CLI:-r2r}" = jit ]; then
    dotnet build src/Provenant.Cli -c Release -v quiet -nologo >/dev/null
    CLI_DLL="$PWD/src/Provenant.Cli/bin/Release/net10.0/provenant.dll"
  else
    local rid
    rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
    dotnet publish src/Provenant.Cli -c Release -r "$rid" --self-contained false -o "$1" -v quiet -nologo >/dev/null
    CLI_DLL="$1/provenant.dll"
  fi
}
