// strings/tune.js — the tuning panel (tune-panel.js, tune-form.js, tune-charts.js): each key in English and
// Simplified Chinese (strings.js).

export default {
  'tune.heading': {
    en: 'Tuning',
    zh: '调参',
  },
  'tune.remove': {
    en: 'Remove from the experiment',
    zh: '从实验中移除',
  },
  'tune.formLabel': {
    en: 'Tuning settings',
    zh: '调参设置',
  },
  'tune.start': {
    en: 'Tune',
    zh: '调参',
  },
  'tune.progress': {
    en: 'Tuning progress',
    zh: '调参进度',
  },
  'tune.stale': {
    en: 'These results were computed for earlier settings: press Tune to recompute them.',
    zh: '这些结果是按先前的设置算出的：按“调参”重新计算。',
  },
  'tune.useBest': {
    en: 'Use best',
    zh: '使用最佳',
  },
  'tune.csv': {
    en: 'Results CSV',
    zh: '结果 CSV',
  },
  'tune.scatterLabel': {
    en: 'Each trial\'s validation loss against its learning rate, log-log; the best trial is a star, failed trials are crosses along the top',
    zh: '每次试验的验证损失对其学习率（双对数）；最佳试验为星形，失败的试验是顶部的叉',
  },
  'tune.trialsLabel': {
    en: 'Every trial\'s validation loss against samples processed, faded, with the best trial highlighted',
    zh: '每次试验的验证损失对已处理样本数（淡色），最佳试验高亮',
  },
  'tune.curveLabel': {
    en: 'The range test\'s loss against the learning rate with the suggested rate marked, or the refinement\'s training objective per try',
    zh: '范围测试的损失对学习率并标出建议的学习率，或精调每次尝试的训练目标',
  },
  'tune.tableLabel': {
    en: 'Trials table (scrolls)',
    zh: '试验表（可滚动）',
  },
  'tune.caption': {
    en: 'Trials (select a column heading to sort by it)',
    zh: '试验（点选列标题可按该列排序）',
  },
};
