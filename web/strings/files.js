// strings/files.js — the "Share and files" card's messages and the CSV import's (files.js, csv.js: a
// CsvError's English message is made from these keys too), each key in English and Simplified Chinese
// (strings.js).

export default {
  'files.exporting': { en: 'Exporting…', zh: '正在导出…' },
  'files.cannotExport': { en: 'Cannot export: {message}', zh: '无法导出：{message}' },
  'files.saved.script': { en: 'Saved {main}: run it with python3 {main} (PyTorch and NumPy needed).', zh: '已保存 {main}：用 python3 {main} 运行（需要 PyTorch 和 NumPy）。' },
  'files.saved.scriptBeside': {
    en: 'Saved {main}: run it with python3 {main} (PyTorch and NumPy needed). The data are in {beside}: keep it beside the script.',
    zh: '已保存 {main}：用 python3 {main} 运行（需要 PyTorch 和 NumPy）。数据在 {beside} 中：请把它放在脚本旁边。',
  },
  'files.saved.notebook': { en: 'Saved {main}: open it in Jupyter (jupyter notebook {main}).', zh: '已保存 {main}：在 Jupyter 中打开（jupyter notebook {main}）。' },
  'files.saved.notebookBeside': {
    en: 'Saved {main}: open it in Jupyter (jupyter notebook {main}). The data are in {beside}: keep it beside the notebook.',
    zh: '已保存 {main}：在 Jupyter 中打开（jupyter notebook {main}）。数据在 {beside} 中：请把它放在笔记本旁边。',
  },
  'files.nameSeparator': { en: ', ', zh: '、' },
  'files.notJson': { en: '{file}: not valid JSON ({message})', zh: '{file}：不是有效的 JSON（{message}）' },
  'files.loaded': { en: 'Loaded {file}.', zh: '已载入 {file}。' },
  'files.invalid': { en: '{file} is not a valid experiment:\n{issues}', zh: '{file} 不是有效的实验：\n{issues}' },
  'csv.reading': { en: 'Reading {file}…', zh: '正在读取 {file}…' },
  'csv.readingPercent': { en: 'Reading {file}… {percent}%', zh: '正在读取 {file}… {percent}%' },
  'csv.stopped': { en: 'Stopped reading {file}.', zh: '已停止读取 {file}。' },
  'csv.failed': { en: '{file}: {message}', zh: '{file}：{message}' },
  'csv.read': { en: '{file}: {rows}, {columns}. Choose the target column, then "Use as data".', zh: '{file}：{rows}，{columns}。选择目标列，然后按“用作数据”。' },
  'csv.rows.one': { en: '{count} row', zh: '{count} 行' },
  'csv.rows.other': { en: '{count} rows', zh: '{count} 行' },
  'csv.columns.one': { en: '{count} column', zh: '{count} 列' },
  'csv.columns.other': { en: '{count} columns', zh: '{count} 列' },
  'csv.features.one': { en: '{count} feature', zh: '{count} 个特征' },
  'csv.features.other': { en: '{count} features', zh: '{count} 个特征' },
  'csv.problems.one': { en: '{count} problem', zh: '{count} 个问题' },
  'csv.problems.other': { en: '{count} problems', zh: '{count} 个问题' },
  'csv.using': { en: 'Using {rows} with target "{target}" and {features}.', zh: '使用 {rows}，目标为“{target}”，{features}。' },
  'csv.usingBinary': {
    en: 'Using {rows} with target "{target}" and {features} (the target is 0/1: choose the logistic model to classify).',
    zh: '使用 {rows}，目标为“{target}”，{features}（目标是 0/1：要分类请选择逻辑回归模型）。',
  },
  'csv.usingProblems': {
    en: '{used}\nWith these rows the settings have {problems} to fix before running (shown next to the controls), first: {first}',
    zh: '{used}\n用这些行，设置中有 {problems}需要在运行前修正（显示在控件旁），第一个：{first}',
  },
  'csv.error.unclosedQuote': { en: 'line {line}: a quoted field is not closed', zh: '第 {line} 行：带引号的字段没有闭合' },
  'csv.error.tooManyFields': { en: 'line {line}: more than {fields} fields, but the header has {header}', zh: '第 {line} 行：超过 {fields} 个字段，但表头只有 {header} 个' },
  'csv.error.tooManyFieldsLimit': {
    en: 'line {line}: more than {fields} fields, the most the page reads is {columns} columns ({features} features and the target)',
    zh: '第 {line} 行：超过 {fields} 个字段，页面最多读取 {columns} 列（{features} 个特征和目标）',
  },
  'csv.error.textAfterQuote': { en: 'line {line}: text after a closing quote ("{text}): quote the whole field', zh: '第 {line} 行：闭合引号后还有文字（"{text}）：请给整个字段加引号' },
  'csv.error.quoteInField': { en: 'line {line}: a quote inside an unquoted field ({text}): quote the whole field', zh: '第 {line} 行：未加引号的字段中有引号（{text}）：请给整个字段加引号' },
  'csv.error.empty': { en: 'the file is empty', zh: '文件是空的' },
  'csv.error.tooFewRows.one': { en: 'the file has {count} data row; at least 2 are needed', zh: '文件只有 {count} 个数据行；至少需要 2 个' },
  'csv.error.tooFewRows.other': { en: 'the file has {count} data rows; at least 2 are needed', zh: '文件只有 {count} 个数据行；至少需要 2 个' },
  'csv.error.fieldCount': { en: 'line {line} (data row {row}): {fields} fields, but the header has {header}', zh: '第 {line} 行（第 {row} 个数据行）：{fields} 个字段，但表头有 {header} 个' },
  'csv.error.tooManyRows': { en: 'line {line}: more than {limit} data rows, the most the page reads (inline data)', zh: '第 {line} 行：超过 {limit} 个数据行，这是页面读取的上限（内联数据）' },
  'csv.error.tooManyValues': {
    en: 'line {line}: more than {limit} feature values ({rows} rows × {features} features), the most the page reads (inline data)',
    zh: '第 {line} 行：超过 {limit} 个特征值（{rows} 行 × {features} 个特征），这是页面读取的上限（内联数据）',
  },
  'csv.error.headerTooFew.one': { en: 'line {line}: the header has {count} column; data needs at least one feature and one target', zh: '第 {line} 行：表头只有 {count} 列；数据至少需要一个特征和一个目标' },
  'csv.error.headerTooFew.other': { en: 'line {line}: the header has {count} columns; data needs at least one feature and one target', zh: '第 {line} 行：表头只有 {count} 列；数据至少需要一个特征和一个目标' },
  'csv.error.headerTooMany': {
    en: 'line {line}: the header has {count} columns; the page reads at most {columns} ({features} features and the target)',
    zh: '第 {line} 行：表头有 {count} 列；页面最多读取 {columns} 列（{features} 个特征和目标）',
  },
  'csv.error.duplicateColumn': { en: 'line {line}, column {column}: the column name "{name}" appears twice', zh: '第 {line} 行第 {column} 列：列名“{name}”出现了两次' },
  'csv.error.cellEmpty': { en: 'line {line} (data row {row}), column "{column}": empty', zh: '第 {line} 行（第 {row} 个数据行），列“{column}”：为空' },
  'csv.error.cellNotNumber': { en: 'line {line} (data row {row}), column "{column}": "{value}" is not a finite number', zh: '第 {line} 行（第 {row} 个数据行），列“{column}”：“{value}”不是有限的数' },
  'csv.error.cellRange': {
    en: 'line {line} (data row {row}), column "{column}": "{value}" is outside the float32 range (|v| <= {max})',
    zh: '第 {line} 行（第 {row} 个数据行），列“{column}”：“{value}”超出了 float32 的范围（|v| <= {max}）',
  },
  'csv.error.cellSmall': {
    en: 'line {line} (data row {row}), column "{column}": "{value}" is too small for float32 (it would become 0; the smallest is 1.4e-45)',
    zh: '第 {line} 行（第 {row} 个数据行），列“{column}”：“{value}”对 float32 来说太小（会变成 0；最小为 1.4e-45）',
  },
  'csv.error.tooLargeText': { en: 'the file is too large ({size} characters; the page reads at most {limit})', zh: '文件太大（{size} 个字符；页面最多读取 {limit} 个）' },
  'csv.error.tooLargeFile': {
    en: 'the file is too large ({size} bytes; the page reads at most {limit}: use the CLI with a JSON file)',
    zh: '文件太大（{size} 字节；页面最多读取 {limit} 字节：请用命令行和 JSON 文件）',
  },
  'csv.error.noTarget': { en: 'no column {column} to use as the target', zh: '没有第 {column} 列可用作目标' },
};
