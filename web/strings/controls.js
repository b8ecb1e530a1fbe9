// strings/controls.js — the experiment form (controls.js) and the tuning panel's form (tune-form.js): each
// key in English and Simplified Chinese (strings.js). The fields' labels, help texts and option texts
// are not here: English in the schema and controls.js, Chinese in fields-zh.js.

export default {
  'controls.formLabel': {
    en: 'Experiment settings',
    zh: '实验设置',
  },
  'controls.none': {
    en: 'none',
    zh: '无',
  },
  'controls.example': {
    en: 'e.g. 3, 1.5',
    zh: '例如 3, 1.5',
  },
  'controls.literalsOrNumber': {
    en: '{literals} or a number',
    zh: '{literals} 或一个数',
  },
  'controls.section.experiment': {
    en: 'Experiment',
    zh: '实验',
  },
  'controls.section.data': {
    en: 'Data',
    zh: '数据',
  },
  'controls.section.model': {
    en: 'Model',
    zh: '模型',
  },
  'controls.group.optimizer': {
    en: 'Optimizer',
    zh: '优化器',
  },
  'controls.group.schedule': {
    en: 'Learning-rate schedule',
    zh: '学习率调度',
  },
  'controls.group.record': {
    en: 'History',
    zh: '历史记录',
  },
  'controls.group.penalty': {
    en: 'Penalty',
    zh: '惩罚项',
  },
  'controls.newSeed': {
    en: 'New seed',
    zh: '新种子',
  },
  'controls.newSeedTitle': {
    en: 'Draw a new random seed: new data and shuffling, same settings',
    zh: '抽取新的随机种子：数据和打乱顺序更新，设置不变',
  },
  'controls.init.custom': {
    en: 'custom (weights, bias)',
    zh: '自定义（权重、偏置）',
  },
  'controls.init.customFunction': {
    en: 'custom start point (x, y)',
    zh: '自定义起点 (x, y)',
  },
  'controls.init.customMlp': {
    en: 'custom (every parameter)',
    zh: '自定义（每个参数）',
  },
  'controls.init.zeros': {
    en: 'zeros',
    zh: '全零 (zeros)',
  },
  'controls.init.zerosFunction': {
    en: 'zeros: start at (0, 0)',
    zh: '全零：从 (0, 0) 出发',
  },
  'controls.init.uniform': {
    en: 'uniform',
    zh: '均匀 (uniform)',
  },
  'controls.init.startPoint': {
    en: 'Start point',
    zh: '起点',
  },
  'controls.init.helpFunction': {
    en: 'Where every run starts: "zeros" is (0, 0), or give the point (x, y); a click on the landscape sets it too.',
    zh: '每次运行的起点："zeros" 即 (0, 0)，或给出点 (x, y)；在函数地形上点击也可以设置。',
  },
  'controls.data.noneNote': {
    en: 'None: a test function f(x, y) is minimised directly. Choose another model (below) to train on data.',
    zh: '无：直接最小化测试函数 f(x, y)。选择其他模型（见下方）即可在数据上训练。',
  },
  'controls.data.inline': {
    en: 'Inline data: {rows} × {cols} (import a CSV file to replace it).',
    zh: '导入的数据：{rows} × {cols}（导入 CSV 文件可替换）。',
  },
  'controls.data.rows.one': {
    en: '{count} row',
    zh: '{count} 行',
  },
  'controls.data.rows.other': {
    en: '{count} rows',
    zh: '{count} 行',
  },
  'controls.data.features.one': {
    en: '{count} feature',
    zh: '{count} 个特征',
  },
  'controls.data.features.other': {
    en: '{count} features',
    zh: '{count} 个特征',
  },
  'controls.data.noInline': {
    en: 'No inline data yet: import a CSV file (below).',
    zh: '还没有导入的数据：请导入 CSV 文件（见下方）。',
  },
  'controls.runs.heading': {
    en: 'Runs ({count} of at most {max})',
    zh: '运行（{count} 个，最多 {max} 个）',
  },
  'controls.runs.add': {
    en: 'Add run',
    zh: '添加运行',
  },
  'controls.run.legend': {
    en: 'Run {n}: {name}',
    zh: '运行 {n}：{name}',
  },
  'controls.run.duplicate': {
    en: 'Duplicate',
    zh: '复制',
  },
  'controls.run.duplicateLabel': {
    en: 'Duplicate run {n} ({name})',
    zh: '复制运行 {n}（{name}）',
  },
  'controls.run.remove': {
    en: 'Remove',
    zh: '删除',
  },
  'controls.run.removeLabel': {
    en: 'Remove run {n} ({name})',
    zh: '删除运行 {n}（{name}）',
  },
  'controls.run.more': {
    en: 'Stopping, recording, init',
    zh: '停止条件、记录、初始化',
  },
  'controls.where.tuning': {
    en: 'Tuning',
    zh: '调参',
  },
  'tuneForm.settings': {
    en: 'Settings',
    zh: '设置',
  },
  'tuneForm.epochsPlaceholder': {
    en: 'the base run\'s',
    zh: '同基准运行',
  },
  'tuneForm.noSuchRun': {
    en: '{n}: (no such run)',
    zh: '{n}：（没有这个运行）',
  },
  'tuneForm.space': {
    en: 'Search space',
    zh: '搜索空间',
  },
  'tuneForm.addLabel': {
    en: 'Dimension to add to the search space',
    zh: '要加入搜索空间的维度',
  },
  'tuneForm.add': {
    en: 'Add',
    zh: '添加',
  },
  'tuneForm.addDimension': {
    en: 'Add a dimension',
    zh: '添加维度',
  },
  'tuneForm.remove': {
    en: 'Remove',
    zh: '删除',
  },
  'tuneForm.removeLabel': {
    en: 'Remove {name} from the search space',
    zh: '从搜索空间中删除 {name}',
  },
  'tuneForm.lastDimension': {
    en: 'The space needs at least one dimension',
    zh: '搜索空间至少需要一个维度',
  },
  'tuneForm.range': {
    en: 'range',
    zh: '范围',
  },
  'tuneForm.list': {
    en: 'list',
    zh: '列表',
  },
  'tuneForm.valuesFrom': {
    en: 'Values from',
    zh: '取值方式',
  },
  'tuneForm.listExample': {
    en: 'e.g. 0, 0.5, 0.9',
    zh: '例如 0, 0.5, 0.9',
  },
  'tuneForm.listExampleLiteral': {
    en: 'e.g. {literal}, 16, 1',
    zh: '例如 {literal}, 16, 1',
  },
  'tuneForm.values': {
    en: 'Values (comma-separated)',
    zh: '取值（逗号分隔）',
  },
};
