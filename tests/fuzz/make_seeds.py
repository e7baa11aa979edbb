#!/usr/bin/env python3
"""Writes the checked-in seed inputs of the fuzz harnesses (tests/fuzz/seeds/<harness>/) from the
bundled samples. Multi-file harnesses take their files in one input separated by "--8<--" lines
(tests/fuzz/fuzz_common.h). Run from the repository root:
    /usr/bin/python3 tests/fuzz/make_seeds.py [path/to/spatten-cli]
The CLI (optional) writes workload CSV seeds with `spatten-cli run --workload-csv`."""
import json
import os
import struct
import subprocess
import sys
import tempfile

SEP = "\n--8<--\n"
ROOT = os.getcwd()
OUT = os.path.join(ROOT, "tests", "fuzz", "seeds")


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def write(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, name), mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)


def safetensors(header, data):
    h = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(h)) + h + data


def main():
    # safetensors: every dtype the reader converts, header only, metadata.
    write("safetensors", "dtypes.safetensors", safetensors(
        {"__metadata__": {"format": "pt"},
         "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
         "b": {"dtype": "F16", "shape": [3], "data_offsets": [16, 22]},
         "c": {"dtype": "BF16", "shape": [1], "data_offsets": [22, 24]},
         "d": {"dtype": "I64", "shape": [1], "data_offsets": [24, 32]}},
        struct.pack("<4f", 1, 2, 3.25, -4) + struct.pack("<3H", 0x3C00, 0x0001, 0x7C00) +
        struct.pack("<H", 0x3F80) + struct.pack("<q", 7)))
    write("safetensors", "empty.safetensors", safetensors(
        {"e": {"dtype": "F32", "shape": [0, 4], "data_offsets": [0, 0]}}, b""))

    # config.json variants beyond the fixtures.
    write("model_config", "gpt2-inner-null.json", json.dumps(
        {"model_type": "gpt2", "n_layer": 2, "n_head": 2, "n_embd": 32, "n_positions": 16,
         "vocab_size": 50, "n_inner": None, "activation_function": "relu",
         "scale_attn_weights": True, "layer_norm_epsilon": 1e-5}))
    write("model_config", "bert.json", json.dumps(
        {"model_type": "bert", "num_hidden_layers": 2, "num_attention_heads": 2, "hidden_size": 32,
         "intermediate_size": 64, "max_position_embeddings": 16, "vocab_size": 50,
         "type_vocab_size": 2, "hidden_act": "gelu", "position_embedding_type": "absolute"}))

    # Tokenizers from the bundled models.
    g = "samples/models/tiny-gpt2/"
    b = "samples/models/tiny-bert/"
    text = read("samples/sentences/default.txt")
    bert_text = read("samples/sentences/masks-bert.txt")
    # Small seeds keep the fuzzer fast and within -max_len (every execution builds the tokenizer):
    # tiny-gpt2's 256 byte symbols, its first NG merges and <|endoftext|>, renumbered 0..NG+256.
    gv = json.loads(read(g + "vocab.json"))
    merges = [l for l in read(g + "merges.txt").splitlines() if l and not l.startswith("#version")]
    NG = 255
    sub = {t: i for t, i in gv.items() if i < 256 + NG}
    if "<|endoftext|>" in gv:
        sub["<|endoftext|>"] = 256 + NG
    write("tokenizer_gpt2", "tiny-gpt2", json.dumps(sub, ensure_ascii=False) + SEP + "#version: 0.2\n" +
          "\n".join(merges[:NG]) + "\n" + SEP + text + " <|endoftext|> caf\u00e9 \u4e2d\u6587 \U0001F600")
    write("tokenizer_gpt2", "small", json.dumps({"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4}) + SEP +
          "#version: 0.2\na b\nab c\n" + SEP + "abcab cab")
    # Small seeds keep the fuzzer fast (every execution builds the tokenizer): the first 400
    # entries of tiny-bert's vocabulary ([PAD], [UNK], [CLS], [SEP], [MASK], letters, pieces).
    bv = [l.rstrip("\n") for l in open(os.path.join(ROOT, b + "vocab.txt"), encoding="utf-8")][:400]
    write("tokenizer_bert", "tiny-bert", "\n".join(bv) + "\n" + SEP +
          read(b + "tokenizer_config.json") + SEP + bert_text + " Caf\u00e9 \u4e2d\u6587 [MASK]")
    write("tokenizer_bert", "small", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n##s\n" + SEP + "" +
          SEP + "hellos hello [MASK]")
    bpe = {"version": "1.0",
           "added_tokens": [{"id": sub["<|endoftext|>"], "content": "<|endoftext|>", "special": True}]
           if "<|endoftext|>" in sub else [],
           "model": {"type": "BPE", "vocab": sub, "merges": merges[:200]}}
    write("tokenizer_json", "bpe", json.dumps(bpe) + SEP + json.dumps({"model_type": "gpt2"}) + SEP +
          "" + SEP + text)
    wp = {"model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                    "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(bv) if t}},
          "normalizer": {"type": "BertNormalizer", "lowercase": True, "strip_accents": None,
                         "handle_chinese_chars": True},
          "added_tokens": [{"id": bv.index("[MASK]"), "content": "[MASK]"}]}
    write("tokenizer_json", "wordpiece", json.dumps(wp) + SEP + json.dumps({"model_type": "bert"}) +
          SEP + json.dumps({"do_lower_case": False}) + SEP + bert_text)

    # Run and hardware configurations with --set lines.
    write("run_config", "sets", json.dumps({"value_keep": 0.5, "generate": 2}) + SEP +
          "token_keep_end=0.4\nhead_keep_per_layer=0.5,1\nk_msb_bits=8\npq_enabled=false\nseed=7\n")
    write("hw_config", "base-and-sets", json.dumps(
        {"base": "spatten-1of8", "name": "x", "topk": {"parallelism": 8}, "hbm": {"nREFI": 0}}) +
        SEP + "hw.topk.parallelism=32\nclock_ghz=0.5\nname=y\nhbm.channels=4\n")

    # Workload CSV: a hand-written file with pass-through lines, and the CLI's own exports.
    header = ("iteration_id,layer_id,head_id,embedding_length_D,sentence_length_L,key_fetch_num,"
              "quant_key_bit,quant_query_bit,auto_requant_thres,if_requant,auto_requant_incre,"
              "value_fetch_num,quant_value_bit,if_accumulate_importance,"
              "if_rescale_previous_importance,if_topk,topk")
    write("workload_csv", "handmade.csv", "# comment\n" + header + "\n" +
          "0,0,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1\n"
          "configs/x.yml,,,,,,,,,,,,,,,,\n"
          "0,1,3,64.0,12,9,-1,-1,-1,False,-1,3,-1,True,True,True,7\n")
    if len(sys.argv) > 1:
        cli = sys.argv[1]
        with tempfile.TemporaryDirectory() as tmp:
            for model, sentence, extra in (("tiny-gpt2", "samples/sentences/default.txt",
                                            ["--generate", "2"]),
                                           ("tiny-bert", "samples/sentences/masks-bert.txt", [])):
                csv = os.path.join(tmp, model + ".csv")
                subprocess.run([cli, "run", "--model", "samples/models/" + model, "--text-file",
                                sentence, "--json", os.path.join(tmp, "o.json"),
                                "--workload-csv", csv] + extra, check=True)
                with open(csv, encoding="utf-8") as f:
                    lines = f.read().splitlines(keepends=True)
                write("workload_csv", model + ".csv", "".join(lines[:40]))  # small: fast fuzzing


if __name__ == "__main__":
    main()
