// strings/page.js — the page around the form: title, header, presets, toolbar, tabs, banners (app.js,
// status.js), files and CSV import, the share link: each key in English and Simplified Chinese (strings.js).

export default {
  'page.title': {
    en: 'descent — a gradient descent playground',
    zh: 'descent — 梯度下降演练场',
  },
  'page.description': {
    en: 'Learn, compare and share how models are trained with gradient descent: batch GD, SGD, mini-batches, Adam and friends, side by side, in your browser.',
    zh: '在浏览器中学习、比较和分享用梯度下降训练模型的过程：批量梯度下降、SGD、小批量、Adam 等，并排对照。',
  },
  'page.skip': {
    en: 'Skip to the charts',
    zh: '跳到图表',
  },
  'page.intro': {
    en: 'Compare how gradient descent trains a model: change the data, the optimizer, the batch size or the schedule, press Run, and share what you found with a link.',
    zh: '比较梯度下降如何训练模型：修改数据、优化器、批大小或调度，按“运行”，再用链接分享你的发现。',
  },
  'page.language': {
    en: 'Language',
    zh: '语言',
  },
  'page.footer': {
    en: 'descent runs a C core compiled to WebAssembly; the same experiment gives the same numbers here and in the Node.js CLI.',
    zh: 'descent 运行一个编译成 WebAssembly 的 C 内核；同一个实验在这里和 Node.js 命令行中得到相同的数字。',
  },
  'common.cancel': {
    en: 'Cancel',
    zh: '取消',
  },
  'presets.label': {
    en: 'Start from a preset',
    zh: '从预设开始',
  },
  'presets.choose': {
    en: 'choose an experiment…',
    zh: '选择一个实验…',
  },
  'toolbar.label': {
    en: 'Training and playback',
    zh: '训练与回放',
  },
  'toolbar.step': {
    en: 'Step',
    zh: '单步',
  },
  'toolbar.stepTitle': {
    en: 'Step (key S): move on by the chosen amount, training when the recorded history ends',
    zh: '单步（S 键）：前进所选的步数，记录的历史结束后继续训练',
  },
  'toolbar.stepSize': {
    en: 'Step size (updates)',
    zh: '单步大小（更新次数）',
  },
  'toolbar.stepSizeTitle': {
    en: 'How far Step moves: 1, 10 or 100 updates, or one epoch',
    zh: '“单步”前进多少：1、10 或 100 次更新，或一个轮次',
  },
  'toolbar.epoch': {
    en: 'epoch',
    zh: '轮次',
  },
  'toolbar.reset': {
    en: 'Reset',
    zh: '重置',
  },
  'toolbar.resetTitle': {
    en: 'Reset (key R): back to iteration 0',
    zh: '重置（R 键）：回到第 0 次迭代',
  },
  'toolbar.progress': {
    en: 'Training progress',
    zh: '训练进度',
  },
  'toolbar.loading': {
    en: 'Loading the WebAssembly core…',
    zh: '正在加载 WebAssembly 内核…',
  },
  'toolbar.playback': {
    en: 'Playback of the recorded history',
    zh: '回放记录的历史',
  },
  'toolbar.play': {
    en: 'Play the recorded history',
    zh: '回放记录的历史',
  },
  'toolbar.pause': {
    en: 'Pause the playback',
    zh: '暂停回放',
  },
  'toolbar.seek': {
    en: 'Playback position (iteration)',
    zh: '回放位置（迭代）',
  },
  'toolbar.speed': {
    en: 'speed',
    zh: '速度',
  },
  'tabs.label': {
    en: 'Show',
    zh: '显示',
  },
  'tabs.charts': {
    en: 'Charts',
    zh: '图表',
  },
  'tabs.settings': {
    en: 'Settings',
    zh: '设置',
  },
  'files.heading': {
    en: 'Share and files',
    zh: '分享与文件',
  },
  'files.copyLink': {
    en: 'Copy link',
    zh: '复制链接',
  },
  'files.shareLink': {
    en: 'Share link',
    zh: '分享链接',
  },
  'files.linkPlaceholder': {
    en: 'the link to this experiment appears here',
    zh: '这个实验的链接显示在这里',
  },
  'files.exportJson': {
    en: 'Experiment JSON',
    zh: '实验 JSON',
  },
  'files.exportCsv': {
    en: 'History CSV',
    zh: '历史 CSV',
  },
  'files.exportResult': {
    en: 'Result JSON',
    zh: '结果 JSON',
  },
  'files.exportPython': {
    en: 'Export as Python',
    zh: '导出为 Python',
  },
  'files.pythonTitle': {
    en: 'A PyTorch script that reproduces every run (and the tuning) of this experiment',
    zh: '一个重现本实验每次运行（及调参）的 PyTorch 脚本',
  },
  'files.exportNotebook': {
    en: 'Export as notebook',
    zh: '导出为笔记本',
  },
  'files.notebookTitle': {
    en: 'A Jupyter notebook (PyTorch) with every step explained and the loss curves plotted',
    zh: '一个 Jupyter 笔记本（PyTorch），逐步讲解并绘出损失曲线',
  },
  'files.importJson': {
    en: 'Import experiment (JSON)',
    zh: '导入实验（JSON）',
  },
  'csv.import': {
    en: 'Import data (CSV with a header row)',
    zh: '导入数据（带表头行的 CSV）',
  },
  'csv.progress': {
    en: 'Reading the CSV file',
    zh: '正在读取 CSV 文件',
  },
  'csv.target': {
    en: 'Target column',
    zh: '目标列',
  },
  'csv.use': {
    en: 'Use as data',
    zh: '用作数据',
  },
  'ask.heading': {
    en: 'This will take a while',
    zh: '这需要一些时间',
  },
  'app.linkInvalid': {
    en: 'This link holds an experiment that is not valid; nothing from it was run:',
    zh: '这个链接中的实验无效，其中的内容都没有运行：',
  },
  'app.linkFailed': {
    en: 'This link could not be opened; nothing from it was run:',
    zh: '无法打开这个链接，其中的内容都没有运行：',
  },
  'app.failed': {
    en: 'The playground failed to start:',
    zh: '演练场未能启动：',
  },
  'app.startHint': {
    en: 'Click (or tap) the landscape to start every run there.',
    zh: '点击（或轻触）地形图，让每次运行都从那里开始。',
  },
  'app.startMoved': {
    en: 'Every run now starts at ({point}). Click (or tap) again to move it.',
    zh: '现在每次运行都从 ({point}) 开始。再次点击（或轻触）可移动它。',
  },
  'app.startMovedOwn': {
    en: 'Every run now starts at ({point}) but {own} with a start of its own. Click (or tap) again to move it.',
    zh: '现在每次运行都从 ({point}) 开始，但有 {own} 次运行有自己的起点。再次点击（或轻触）可移动它。',
  },
  'app.run': {
    en: 'Run',
    zh: '运行',
  },
  'app.pause': {
    en: 'Pause',
    zh: '暂停',
  },
  'app.play': {
    en: 'Play',
    zh: '播放',
  },
  'app.replay': {
    en: 'Replay',
    zh: '重播',
  },
  'app.position': {
    en: 'iteration {at} of {length}',
    zh: '第 {at} 次迭代，共 {length} 次',
  },
  'app.positionShort': {
    en: '{at} / {length}',
    zh: '{at} / {length}',
  },
  'app.speed': {
    en: '{rate}/s',
    zh: '{rate}/秒',
  },
  'app.speedAuto': {
    en: 'auto',
    zh: '自动',
  },
  'app.speedAutoRate': {
    en: 'auto ({rate}/s)',
    zh: '自动（{rate}/秒）',
  },
  'status.goTo': {
    en: 'Go to this setting',
    zh: '转到这项设置',
  },
  'status.problems.one': {
    en: '{count} problem in the settings, fix to run: ',
    zh: '设置中有 {count} 个问题，修正后才能运行：',
  },
  'status.problems.other': {
    en: '{count} problems in the settings, fix to run: ',
    zh: '设置中有 {count} 个问题，修正后才能运行：',
  },
  'status.moreProblems.one': {
    en: ' (and {count} more problem)',
    zh: '（还有 {count} 个问题）',
  },
  'status.moreProblems.other': {
    en: ' (and {count} more problems)',
    zh: '（还有 {count} 个问题）',
  },
  'status.issue': {
    en: '{where}: {message}',
    zh: '{where}：{message}',
  },
  'status.experiment': {
    en: 'experiment',
    zh: '实验',
  },
  'status.dismiss': {
    en: 'Dismiss',
    zh: '关闭',
  },
  'status.training': {
    en: 'Training… {percent}%',
    zh: '训练中… {percent}%',
  },
  'status.trainingLeft': {
    en: 'Training… {percent}% · about {left} left',
    zh: '训练中… {percent}% · 约剩 {left}',
  },
  'ask.training': {
    en: 'This training is estimated at {estimate} of computing ({ops} operations; the page starts anything over {limit} only when asked). Training runs in a worker: the page stays usable, and Pause or Cancel stop it at any time.',
    zh: '这次训练估计需要计算{estimate}（{ops} 次运算；超过{limit}的计算，页面只在询问后才开始）。训练在工作线程中运行：页面仍可使用，随时可以按“暂停”或“取消”停止。',
  },
  'ask.tuning': {
    en: 'This tuning is estimated at {estimate} of computing ({ops} operations; the page starts anything over {limit} only when asked). Training runs in a worker: the page stays usable, and Pause or Cancel stop it at any time.',
    zh: '这次调参估计需要计算{estimate}（{ops} 次运算；超过{limit}的计算，页面只在询问后才开始）。训练在工作线程中运行：页面仍可使用，随时可以按“暂停”或“取消”停止。',
  },
  'ask.about.s': { en: 'about {value} s', zh: '约 {value} 秒' },
  'ask.about.min': { en: 'about {value} min', zh: '约 {value} 分钟' },
  'ask.about.h': { en: 'about {value} h', zh: '约 {value} 小时' },
  'ask.about.days': { en: 'about {value} days', zh: '约 {value} 天' },
  'ask.about.years': { en: 'about {value} years', zh: '约 {value} 年' },
  'share.tooLarge': {
    en: 'This experiment is not in the address bar: its data has {values} values, more than the {limit} a link carries. Share it as a file (Experiment JSON).',
    zh: '这个实验不在地址栏中：它的数据有 {values} 个值，超过了链接能携带的 {limit} 个。请以文件分享（实验 JSON）。',
  },
  'share.refused': {
    en: 'This experiment is not in the address bar: {message}. Share it as a file (Experiment JSON).',
    zh: '这个实验不在地址栏中：{message}。请以文件分享（实验 JSON）。',
  },
  'presets.failed': { en: 'The presets could not be loaded ({message}).', zh: '无法载入预设（{message}）。' },
  'presets.loading': { en: 'Loading {title}…', zh: '正在载入“{title}”…' },
  'presets.look': { en: 'What to look at: {look}', zh: '看点：{look}' },
  'presets.invalid': { en: '{file} is not a valid experiment: {message}', zh: '{file} 不是有效的实验：{message}' },
  'presets.notLoaded': { en: '{file} could not be loaded ({message}).', zh: '无法载入 {file}（{message}）。' },
  'ask.part': { en: '{path}: {part} ({ops})', zh: '{path}：{part}（{ops}）' },
  'ask.part.run': { en: '{updates} updates × {batch} × {np} parameters (run {name})', zh: '{updates} 次更新 × {batch} × {np} 个参数（运行 {name}）' },
  'ask.part.runRecorded': { en: '{updates} updates × {batch} × {np} parameters, every update recorded (run {name})', zh: '{updates} 次更新 × {batch} × {np} 个参数，每次更新都记录（运行 {name}）' },
  'ask.part.closedForm': { en: 'the closed-form optimum: {rows} × {np}² parameters + {np}³ / 3', zh: '闭式最优解：{rows} × {np}² 个参数 + {np}³ / 3' },
  'ask.part.hessian': { en: 'the Hessian diagnostics: {rows} × {np}² parameters', zh: 'Hessian 诊断：{rows} × {np}² 个参数' },
  'ask.part.hessianNewton': { en: 'the Hessian diagnostics: about {steps} Newton steps of {rows} × {np}² parameters', zh: 'Hessian 诊断：约 {steps} 步牛顿法，每步 {rows} × {np}² 个参数' },
  'ask.part.data': { en: 'making the data: {rows} × {np} values', zh: '生成数据：{rows} × {np} 个值' },
  'ask.part.search': { en: '{trials}, {updates} updates in all, on {rows} × {np} parameters', zh: '{trials}，共 {updates} 次更新，在 {rows} × {np} 个参数上' },
  'ask.part.fitOptimum': { en: 'the closed-form optimum of the fit rows', zh: '训练行的闭式最优解' },
  'ask.part.rangeTest': { en: '{updates} updates of {batch}, each recorded (both splits evaluated: {rows}) × {np} parameters', zh: '{updates} 次更新，每次 {batch}，每次都记录（两个划分都评估：{rows}）× {np} 个参数' },
  'ask.part.refineBase': { en: 'training the base run: {updates} updates × {batch} × {np} parameters', zh: '训练基础运行：{updates} 次更新 × {batch} × {np} 个参数' },
  'ask.part.refineTries': { en: '{tries} tries × {rows} × {np} parameters', zh: '{tries} 次尝试 × {rows} × {np} 个参数' },
  'ask.part.optimum': { en: 'the closed-form optimum', zh: '闭式最优解' },
  'ask.part.dataWorkers': { en: 'making the data (in each worker): {rows} × {np} values', zh: '生成数据（在每个工作线程中）：{rows} × {np} 个值' },
};
