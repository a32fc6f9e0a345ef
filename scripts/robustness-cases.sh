#!/usr/bin/env bash
# Issue 18's "Why" cases (items 1–6), re-run on the current build: one Markdown table row per case
# with the exit code, the first line that says what happened, the wall-clock and CPU time.
#
#   npm run build && scripts/robustness-cases.sh [--full] > cases.md
#
# --full adds the (20000, 500, 50) instance of item 3 (minutes and ~1 GB). Each case runs under
# `timeout ${CASE_LIMIT:-600}`; exit 124 in the table means it was stopped there.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S="node $ROOT/bin/shallowcheck.js"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/robustness-cases.XXXXXX")
cd "$WORK" || exit 2
LIMIT=${CASE_LIMIT:-600}

# What happened, in one line: the tool's own error line, else a stack trace's first line, else the last line of stdout.
summary() {
  local line
  if [ -n "${PICK:-}" ]; then
    grep -h -E "$PICK" err.txt out.txt | head -2 | paste -sd '/' | cut -c1-200 | tr '|' '/'
    return
  fi
  line=$(grep -m1 '^shallowcheck' err.txt)
  if [ -z "$line" ] && grep -q '^\s*at .*:[0-9]*:[0-9]*' err.txt; then line="STACK TRACE: $(grep -m1 -v '^\s*$' err.txt)"; fi
  [ -z "$line" ] && line=$(grep -v '^\s*$' out.txt | tail -1)
  [ -z "$line" ] && line=$(grep -v '^\s*$' err.txt | tail -1)
  [ -z "$line" ] && line="(nothing on stdout or stderr)"
  printf '%s' "$line" | cut -c1-160 | tr '|' '/'
}

# case NAME BEFORE COMMAND...: run it (stdout, stderr to files) and print its row.
case_() {
  local name=$1 before=$2
  shift 2
  /usr/bin/time -o time.txt -f '%e %U %S' timeout "$LIMIT" "$@" >out.txt 2>err.txt
  local code=$?
  # time(1) writes "Command exited with non-zero status N" first when the exit code is not 0.
  read -r wall user sys < <(tail -1 time.txt) || { wall=?; user=0; sys=0; }
  printf '| %s | %s | %s | %s | %s s wall, %.1f CPU-s |\n' "$name" "$before" "$code" "$(summary)" "$wall" "$(echo "$user + $sys" | bc)"
}

# edit FILE JS-EXPRESSION: rewrite an instance file in place (f is the parsed JSON).
edit() { node -e "const fs=require('fs');const f=JSON.parse(fs.readFileSync('$1','utf8'));$2;fs.writeFileSync('$1',JSON.stringify(f))"; }

$S sample --data gaussian --init asymmetric --n 5 --d 4 --p 3 --seed x --out g.json >/dev/null
# A stored "what if the constant were 100 times larger" counterexample to Theorem 1 (as test/cli/hunt.test.ts).
COUNTEREXAMPLE=theorem1-factor100.json
echo '{"property":"dana2025/theorem1-pl-bound","dropped":[],"settings":{"factor":100},"model":{"activation":"relu","scaling":"mean-field"},"data":{"X":[["1","0"],["0","1"]],"y":["1","-1"]},"params":{"W":[["0.5","0.5"]],"a":["1"]}}' >$COUNTEREXAMPLE

echo "| case | before (issue 18) | exit | message | time |"
echo "|---|---|---|---|---|"

# 1. Precision past decimal.js's limits.
case_ "1 check orthogonal* --exact-digits 2000" "failed; stored a false counterexample" $S check --only 'dana2025/orthogonal*' --runs 5 --exact-digits 2000 --corpus corpus1
case_ "1 check orthogonal* --exact-digits 1000 (the maximum)" "(new)" $S check --only 'dana2025/orthogonal*' --runs 5 --exact-digits 1000 --corpus corpus1 --seed c1
echo "  stored in corpus1: $(find corpus1 -name '*.json' 2>/dev/null | wc -l) files" >&2
case_ "1 hunt theorem1-pl-bound --drop assumption2 --exact-digits 2000" "no counterexample in 0 evaluations (12,100 exceptions)" $S hunt dana2025/theorem1-pl-bound --drop assumption2 --seed s1 --exact-digits 2000 --out corpus1
case_ "1 eval --digits 1030" "DecimalError stack trace" $S eval g.json --digits 1030
case_ "1 flow --digits 2000" "DecimalError stack trace" $S flow g.json --digits 2000 --t 0.1
case_ "1 replay --exact-digits 2000" "DecimalError stack trace" $S replay "$COUNTEREXAMPLE" --exact-digits 2000

# 2. Integrations that never end.
case_ "2 dopri rtol=atol=1e-14" "stalls at t ≈ 0.3277 (785k steps)" $S flow g.json --method dopri --t 1 --rtol 1e-14 --atol 1e-14
case_ "2 dopri rtol=atol=1e-300" "loops with t = NaN" $S flow g.json --method dopri --t 1 --rtol 1e-300 --atol 1e-300
case_ "2 --kink-tolerance 0" "hangs" $S flow g.json --t 1 --kink-tolerance 0
case_ "2 --kink-tolerance -1" "hangs" $S flow g.json --t 1 --kink-tolerance -1
case_ "2 gd --lr 1e6 --until-loss 1e-6" "loops forever, loss NaN" $S flow g.json --method gd --lr 1e6 --until-loss 1e-6
cp g.json huge.json && edit huge.json 'f.data.y[0]="1e99999999999999999999"'
case_ "2 dopri --t 1, y = 1e99999999999999999999" "25 million steps in 10 min, t = NaN" $S flow huge.json --method dopri --t 1

# 3. Large instances.
$S sample --data gaussian --init asymmetric --n 3000 --d 5 --p 50 --seed m --out m.json >/dev/null
case_ "3 flow gd (3000, 5, 50) 3 steps" "RangeError: Maximum call stack size exceeded" $S flow m.json --method gd --lr 0.1 --steps 3
case_ "3 flow gd (3000, 5, 50) --no-kinks" "RangeError: Maximum call stack size exceeded" $S flow m.json --method gd --lr 0.1 --steps 3 --no-kinks
if [ "${1:-}" = "--full" ]; then
  case_ "3 sample (20000, 500, 50)" "(input to the next)" $S sample --data gaussian --init asymmetric --n 20000 --d 500 --p 50 --seed big --out big.json
  case_ "3 flow gd (20000, 500, 50) 3 steps" "RangeError: Maximum call stack size exceeded" $S flow big.json --method gd --lr 0.1 --steps 3
fi

# 4. Numbers outside the float64 range.
cp g.json y.json && edit y.json 'f.data.y[0]="1e999999"'
case_ "4 eval, y[0] = 1e999999" '"loss": null, exit 0' $S eval y.json
case_ "4 flow, y[0] = 1e999999" "final loss NaN, exit 0" $S flow y.json --t 1
cp g.json a.json && edit a.json 'f.params.a[0]="1e400"'
case_ "4 eval, a[0] = 1e400" '"loss": null, exit 0' $S eval a.json
cp g.json long.json && edit long.json 'f.data.X[0][0]="1"+"0".repeat(10000)'
case_ "4 eval, a 10,000-digit integer" '"loss": null, exit 0' $S eval long.json
cp g.json alpha.json && edit alpha.json 'f.model.activation="leaky-relu";f.model.alpha="1e999999"'
case_ "4 eval, alpha = 1e999999" '"loss": null, exit 0' $S eval alpha.json
case_ "4 eval --interval, y = 1e99999999999999999999" "{lo: Infinity, hi: Infinity}: unsound" $S eval huge.json --interval
case_ "4 certify, y = 1e99999999999999999999" "> 10 CPU-min without output" $S certify huge.json
cp g.json big154.json && edit big154.json 'f.data.X[0][0]="1e154";f.params.a[0]="1e154"'
case_ "4 certify, 1e154 entries" "> 10 CPU-min without output" $S certify big154.json
case_ "4 certify strict-saddle-escape, 1e154 entries" "margin evaluated though its assumption fails" $S certify big154.json --property soltanolkotabi2019/strict-saddle-escape
cp "$ROOT"/fixtures/soltanolkotabi2019/relu-spurious-minimum-k7-n7.json ts.json && edit ts.json 'f.student[0][0]="1e999999"'
case_ "4 certify teacher–student, student entry 1e999999" "TypeError stack trace (ml-matrix)" $S certify ts.json

# 5. Tampered run logs.
$S reproduce dana2025/exp1.0 --preset quick --out runs --quiet >/dev/null 2>&1
if [ -f runs/runs.jsonl ]; then
  middle=$(( ($(wc -l <runs/runs.jsonl) + 1) / 2 ))
  sed -i "${middle}s/\"success\":true/\"success\":false/;${middle}s/\"success\":false,/\"success\":true,/" runs/runs.jsonl
  PICK='checksum|computed now' case_ "5 rerun after editing a middle line of runs.jsonl" "0 computed now, 6 from its log; exit 0" $S reproduce dana2025/exp1.0 --preset quick --out runs --quiet
else
  echo "| 5 tampered runs.jsonl | 0 computed now, 6 from its log; exit 0 | — | reproduce did not write runs/runs.jsonl | — |"
fi

# 6. Smaller holes.
case_ "6 eval /dev/zero" "grows to 8.5 GB" $S eval /dev/zero
mkfifo fifo
case_ "6 eval FIFO" "blocks forever" $S eval fifo
sed 's/"activation":"relu"/"activation":"relu","activation":"tanh"/' g.json >dup.json
case_ "6 duplicate keys" "silently takes the last" $S eval dup.json
sed 's/"data":{/"data":{"__proto__":{"X":[[1]]},/' g.json >proto.json
case_ "6 data.__proto__ first" "silently dropped" $S eval proto.json
case_ "6 check / head -1 (exit: check's own)" "25-line EPIPE stack trace, exit 1" bash -c "$S check --runs 2 --seed p | head -1 >/dev/null; exit \${PIPESTATUS[0]}"
cp g.json self.json
case_ "6 flow --out its input" "replaces its own input" $S flow self.json --t 0.1 --out self.json
echo '{"name":"mine"}' >package.json
case_ "6 sample --out package.json" "overwrites silently" $S sample --data gaussian --init asymmetric --n 2 --d 2 --p 2 --seed s --out package.json
mkdir foreign && echo mine >foreign/results.csv
case_ "6 reproduce --out a foreign directory" "overwrites its results.csv" $S reproduce dana2025/exp1.0 --preset quick --out foreign --quiet
case_ "6 --wall-clock -1" "0 steps" $S flow g.json --t 1 --wall-clock -1
case_ "6 --wall-clock 0" "0 steps" $S flow g.json --t 1 --wall-clock 0
case_ "6 --checkpoints every:0" "becomes 1" $S flow g.json --t 1 --checkpoints every:0
case_ "6 --replay-exact 0" "accepted" $S flow g.json --method gd --lr 0.1 --steps 3 --replay-exact 0
case_ "6 gd --t 1e-320" "takes a full step" $S flow g.json --method gd --lr 0.1 --t 1e-320
case_ "6 check --seed ''" "accepted" $S check --only 'dana2025/lemma1-balance-gd' --runs 1 --seed ''
case_ "6 hunt --seed ''" "accepted" $S hunt dana2025/lemma1-balance-gd --seed '' --budget 5
case_ "6 --setting n=0x10" "read as 16" $S hunt dana2025/theorem1-loss-decay --setting n=0x10 --budget 1
case_ "6 reproduce --reps 100000000" "allocates 4.3 GB, prints nothing" $S reproduce dana2025/exp1.0 --reps 100000000 --out reps

echo "(work directory: $WORK)" >&2
