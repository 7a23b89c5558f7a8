#!/usr/bin/env bash
# bench/routines.sh [NANOCLR_DIR]  What single firmware routines and interpreter operations cost on nanoCLR
# (bench/Routines/Program.cs): builds the tracked .nfproj projects with the nanoclr folder's nfproj.py, runs the
# routines program under callgrind with the settings of its ir.sh (NANOCLR_NO_TIME_QUANTUM=1) plus --dump-before on
# the program's marker (the native method behind Debugger.IsAttached), and prints the instructions of each part.
# Needs valgrind. Run inside the checkout.
set -euo pipefail
nanoclr=$(cd "${1:-../shared/nanoclr}" && pwd)
command -v valgrind >/dev/null || { echo "routines.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
. "$nanoclr/tools/common.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 "$nanoclr/nfproj.py" build "$work/out" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
list=()
for a in $NF_PE_ORDER; do list+=("$NF_PE/$a.pe"); done
list+=("$work/out/DualReader.Hal.pe" "$work/out/DualReader.Firmware.pe" "$work/out/DualReader.Bench.Routines.pe")
clrdir=$(cd "$(dirname "$NF_CLR")" && pwd)
NANOCLR_NO_TIME_QUANTUM=1 LD_LIBRARY_PATH="$clrdir/../lib:$clrdir" valgrind --tool=callgrind \
  --callgrind-out-file="$work/callgrind.out" '--dump-before=*Debugger::get_IsAttached*' "$NF_CLR" "${list[@]}" >"$work/run.log" 2>&1
grep -q '^routines done' "$work/run.log" || { tail -5 "$work/run.log"; exit 1; }
names=("" "start-up" "empty loop x1000" "empty static call x1000" "interface call returning a field x1000"
  "instance field read x1000" "byte array read + int add x1000" "64-bit shift, xor, add x1000" "SipHash-2-4 of 24 bytes x16"
  "CRC-16 of 230 bytes x10" "COBS of 240 bytes x10" "transaction record encoded once" "BER-TLV search in 60 bytes x10" "end")
for f in "$work"/callgrind.out*; do
  echo "$(grep -m1 '^part:' "$f" | cut -d' ' -f2) $(grep -m1 '^totals:' "$f" | cut -d' ' -f2)"
done | sort -n | while read -r part count; do
  [ "$part" -ge 2 ] && [ "$part" -le 12 ] && printf '%12s  %s\n' "$count" "${names[$part]}"
done
