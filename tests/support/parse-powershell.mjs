// Syntax check of generated PowerShell files with tree-sitter-powershell (npm; .ci/run installs it beside this
// script). Prints "<file> ok" or "<file> HAS ERRORS <where>" per file; exits 1 when any file has an ERROR or
// MISSING node. Files are read as PowerShell reads them: UTF-16LE or UTF-8 by their byte-order mark.
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell';
import fs from 'node:fs';

const parser = new Parser();
parser.setLanguage(PowerShell);
let bad = 0;
for (const file of process.argv.slice(2)) {
  const bytes = fs.readFileSync(file);
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le')
    : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3).toString('utf8')
    : bytes.toString('utf8');
  const tree = parser.parse(text);
  const errors = [];
  (function walk(node) {
    if (node.type === 'ERROR' || node.isMissing) {
      errors.push(`${node.isMissing ? 'MISSING ' + node.type : 'ERROR'} ${node.startPosition.row + 1}:${node.startPosition.column + 1} ${JSON.stringify(node.text.slice(0, 60))}`);
    }
    for (const child of node.children) walk(child);
  })(tree.rootNode);
  if (tree.rootNode.hasError) bad++;
  console.log(tree.rootNode.hasError ? `${file} HAS ERRORS ${errors.join('; ')}` : `${file} ok`);
}
process.exit(bad ? 1 : 0);
