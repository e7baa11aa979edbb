# Shared by the scale-out tests (sourced): the sweep they shard (12 points of the bundled GPT-2,
# run and hardware axes) and its single-process reference file.
# Needs: $cli (spatten-cli), $samples (samples/), $work (scratch directory).
sweep_args=(--model "$samples/models/tiny-gpt2" --text-file "$samples/sentences/default.txt"
            --generate 1 --grid token_keep_end=0.2:0.5:0.1 --grid hw.topk.parallelism=2,8,16)

# Writes $work/full.jsonl and $work/full.csv with one process; exits 1 on failure.
sweep_reference() {
  "$cli" sweep "${sweep_args[@]}" --quiet --jsonl "$work/full.jsonl" --csv "$work/full.csv" ||
    { echo "FAIL: the single-process sweep failed"; exit 1; }
}

# Compares the merged files with the reference byte for byte; exits 1 on a difference.
sweep_compare() {
  local f
  for f in jsonl csv; do
    if ! cmp "$work/full.$f" "$work/merged.$f"; then
      echo "FAIL: merged.$f differs from the single-process full.$f"
      diff <(head -c 3000 "$work/full.$f") <(head -c 3000 "$work/merged.$f") | head -20
      exit 1
    fi
  done
  echo "PASS: 4 shards merged == single process ($(($(wc -l < "$work/full.jsonl") - 1)) rows)"
}
