// strings/training.js — training and its charts: the status line, the runs table, the loss, learning-rate,
// data and surface charts (training.js, charts): each key in English and Simplified Chinese (strings.js).

export default {
  'runs.heading': {
    en: 'Runs',
    zh: '运行',
  },
  'runs.tableLabel': {
    en: 'Runs table',
    zh: '运行表',
  },
  'runs.notesLabel': {
    en: 'Notes on the runs',
    zh: '关于各次运行的说明',
  },
  'loss.heading': {
    en: 'Loss',
    zh: '损失',
  },
  'loss.xAxis': {
    en: 'x-axis',
    zh: '横轴',
  },
  'loss.unit.iteration': {
    en: 'iterations',
    zh: '迭代',
  },
  'loss.unit.epoch': {
    en: 'epochs',
    zh: '轮次',
  },
  'loss.unit.samples': {
    en: 'samples processed',
    zh: '已处理样本数',
  },
  'loss.unit.timeMs': {
    en: 'wall time (ms)',
    zh: '实际用时（毫秒）',
  },
  'loss.unit.timeTitle': {
    en: 'Milliseconds each run has spent computing (paused time not counted)',
    zh: '每次运行计算所用的毫秒数（不计暂停时间）',
  },
  'loss.logX': {
    en: 'log x',
    zh: '对数 x',
  },
  'loss.logY': {
    en: 'log y',
    zh: '对数 y',
  },
  'loss.logYTitle': {
    en: 'On by itself when the losses span more than 100×',
    zh: '损失跨度超过 100 倍时自动开启',
  },
  'loss.key.train': {
    en: 'train',
    zh: '训练',
  },
  'loss.key.test': {
    en: 'test',
    zh: '测试',
  },
  'loss.key.optimum': {
    en: 'closed-form optimum',
    zh: '闭式最优解',
  },
  'loss.key.estimate': {
    en: 'mini-batch mean (estimate)',
    zh: '小批量均值（估计）',
  },
  'loss.chartLabel': {
    en: 'Training loss (solid) and test loss (dashed) of each run',
    zh: '每次运行的训练损失（实线）和测试损失（虚线）',
  },
  'charts.zoomHint': {
    en: '· drag to zoom, shift-drag to pan',
    zh: '· 拖动可缩放，按住 Shift 拖动可平移',
  },
  'charts.resetZoom': {
    en: 'Reset zoom',
    zh: '重置缩放',
  },
  'charts.png': {
    en: 'PNG',
    zh: 'PNG',
  },
  'charts.png.loss': {
    en: 'Loss chart as PNG',
    zh: '将损失图保存为 PNG',
  },
  'charts.png.lr': {
    en: 'Learning-rate chart as PNG',
    zh: '将学习率图保存为 PNG',
  },
  'charts.png.data': {
    en: 'Data and fits chart as PNG',
    zh: '将数据与拟合图保存为 PNG',
  },
  'charts.png.surface': {
    en: 'Loss surface chart as PNG',
    zh: '将损失曲面图保存为 PNG',
  },
  'lr.heading': {
    en: 'Learning rate',
    zh: '学习率',
  },
  'lr.chartLabel': {
    en: 'Learning rate of each run over training',
    zh: '每次运行在训练中的学习率',
  },
  'data.regionsOf': {
    en: 'regions of',
    zh: '区域来自',
  },
  'data.key.class0': {
    en: 'class 0',
    zh: '类别 0',
  },
  'data.key.class1': {
    en: 'class 1',
    zh: '类别 1',
  },
  'data.key.filled': {
    en: '· filled: train, hollow: test',
    zh: '· 实心：训练，空心：测试',
  },
  'data.key.shading': {
    en: '· shading: P(y = 1) of the chosen run',
    zh: '· 阴影：所选运行的 P(y = 1)',
  },
  'data.chartLabel': {
    en: 'The data points and each run\'s current fit or decision boundary',
    zh: '数据点以及每次运行当前的拟合或决策边界',
  },
  'surface.plane': {
    en: 'Plane',
    zh: '平面',
  },
  'surface.mode.curvature': {
    en: 'steepest curvature (Hessian)',
    zh: '最陡曲率（Hessian）',
  },
  'surface.mode.random': {
    en: 'random directions',
    zh: '随机方向',
  },
  'surface.mode.params': {
    en: 'two parameters',
    zh: '两个参数',
  },
  'surface.through': {
    en: 'through',
    zh: '经过',
  },
  'surface.undo': {
    en: 'Undo',
    zh: '撤销',
  },
  'surface.colorbar': {
    en: 'f, log-spaced levels',
    zh: 'f，对数间隔的等值线',
  },
  'runs.col.run': {
    en: 'Run',
    zh: '运行',
  },
  'runs.col.status': {
    en: 'Status',
    zh: '状态',
  },
  'runs.col.iteration': {
    en: 'Iteration',
    zh: '迭代',
  },
  'runs.col.epoch': {
    en: 'Epoch',
    zh: '轮次',
  },
  'runs.col.train': {
    en: 'Train loss',
    zh: '训练损失',
  },
  'runs.col.test': {
    en: 'Test loss',
    zh: '测试损失',
  },
  'runs.col.trainAcc': {
    en: 'Train acc',
    zh: '训练准确率',
  },
  'runs.col.testAcc': {
    en: 'Test acc',
    zh: '测试准确率',
  },
  'runs.accTitle': {
    en: 'at the end of training',
    zh: '训练结束时',
  },
  'runs.status.running': {
    en: 'running',
    zh: '运行中',
  },
  'runs.status.ready': {
    en: 'ready',
    zh: '就绪',
  },
  'runs.status.paused': {
    en: 'paused',
    zh: '已暂停',
  },
  'runs.status.completed': {
    en: 'completed',
    zh: '已完成',
  },
  'runs.status.target_reached': {
    en: 'target reached',
    zh: '达到目标',
  },
  'runs.status.converged': {
    en: 'converged',
    zh: '已收敛',
  },
  'runs.status.diverging': {
    en: 'diverging',
    zh: '正在发散',
  },
  'runs.status.divergedAt': {
    en: 'diverged at iteration {iteration}',
    zh: '在第 {iteration} 次迭代发散',
  },
  'runs.status.failedAt': {
    en: 'failed at iteration {iteration}: H + λI not positive definite (raise damping)',
    zh: '在第 {iteration} 次迭代失败：H + λI 不是正定的（请增大 damping）',
  },
  'runs.status.replay': {
    en: 'replay ({status})',
    zh: '回放（{status}）',
  },
  'runs.status.title.diverging': {
    en: 'The budget is spent with the training loss above where it started and still rising (not yet the 10⁶× of "diverged"): the learning rate is probably above the stability bound.',
    zh: '预算已用完，训练损失高于起点且仍在上升（尚未达到“发散”的 10⁶ 倍）：学习率可能超过了稳定界。',
  },
  'runs.status.title.diverged': {
    en: 'The loss became non-finite or grew beyond divergeFactor (10⁶ by default) times its initial value.',
    zh: '损失变为非有限值，或增长超过初始值的 divergeFactor 倍（默认 10⁶）。',
  },
  'training.updating': {
    en: 'Updating…',
    zh: '正在更新…',
  },
  'training.preparing': {
    en: 'Preparing the data…',
    zh: '正在准备数据…',
  },
  'training.makingData': {
    en: 'Making the data… {percent}%',
    zh: '正在生成数据… {percent}%',
  },
  'training.computing': {
    en: 'Computing {what}… {percent}%',
    zh: '正在计算 {what}… {percent}%',
  },
  'training.computingOptimum': {
    en: 'Computing the closed-form optimum… {percent}%',
    zh: '正在计算闭式最优解… {percent}%',
  },
  'training.auto': {
    en: 'Training by itself: {sizes}…',
    zh: '自动训练中：{sizes}…',
  },
  'training.finishedAuto': {
    en: 'Finished by itself: {sizes} (a small experiment re-runs on every change). Space plays it back.',
    zh: '已自动完成：{sizes}（小实验每次改动后都会重新运行）。按空格键回放。',
  },
  'training.finishedAuto.playing': {
    en: 'Finished by itself: {sizes} (a small experiment re-runs on every change). Playing it back: Space pauses.',
    zh: '已自动完成：{sizes}（小实验每次改动后都会重新运行）。正在回放：按空格键暂停。',
  },
  'training.finishedAutoBad': {
    en: 'Finished by itself ({bad}): {sizes} (a small experiment re-runs on every change). Space plays it back.',
    zh: '已自动完成（{bad}）：{sizes}（小实验每次改动后都会重新运行）。按空格键回放。',
  },
  'training.finishedAutoBad.playing': {
    en: 'Finished by itself ({bad}): {sizes} (a small experiment re-runs on every change). Playing it back: Space pauses.',
    zh: '已自动完成（{bad}）：{sizes}（小实验每次改动后都会重新运行）。正在回放：按空格键暂停。',
  },
  'training.ready': {
    en: 'Ready: {sizes}. Press Run.',
    zh: '就绪：{sizes}。请按“运行”。',
  },
  'training.sizes': {
    en: '{train}, {test}',
    zh: '{train}，{test}',
  },
  'training.sizesFunction': {
    en: 'f = {f}, no data',
    zh: 'f = {f}，无数据',
  },
  'training.trainRows.one': {
    en: '{count} training row',
    zh: '{count} 行训练数据',
  },
  'training.trainRows.other': {
    en: '{count} training rows',
    zh: '{count} 行训练数据',
  },
  'training.testRows.one': {
    en: '{count} test row',
    zh: '{count} 行测试数据',
  },
  'training.testRows.other': {
    en: '{count} test rows',
    zh: '{count} 行测试数据',
  },
  'training.cannotRun': {
    en: 'descent could not run this experiment:',
    zh: 'descent 无法运行这个实验：',
  },
  'training.error': {
    en: 'Error: {message}',
    zh: '错误：{message}',
  },
  'training.optimum': {
    en: 'Closed-form optimum: train {train}, test {test} (w = {w}; b = {b}).',
    zh: '闭式最优解：训练 {train}，测试 {test}（w = {w}；b = {b}）。',
  },
  'training.optimumNoTest': {
    en: 'Closed-form optimum: train {train} (w = {w}; b = {b}).',
    zh: '闭式最优解：训练 {train}（w = {w}；b = {b}）。',
  },
  'training.minimum': {
    en: 'Global minimum: f = {f} at ({at}).',
    zh: '全局最小值：f = {f}，位于 ({at})。',
  },
  'training.noMinimum': {
    en: 'No minimum: {why}.',
    zh: '没有最小值：{why}。',
  },
  'training.noOptimum': {
    en: 'No closed-form optimum: {why}.',
    zh: '没有闭式最优解：{why}。',
  },
  'training.notAvailable': {
    en: 'not available',
    zh: '不可用',
  },
  'training.dataFunction': {
    en: 'A test function has no data: its landscape is drawn below.',
    zh: '测试函数没有数据：它的地形图画在下面。',
  },
  'training.dataNetwork': {
    en: 'A network\'s fit is drawn for one input and its decision regions for two input features; this one has {d}.',
    zh: '神经网络在一个输入时画出拟合，在两个输入特征时画出决策区域；这个网络有 {d} 个。',
  },
  'training.dataNothing': {
    en: 'Nothing to plot for {d} features: the data chart shows 1-D inputs, or two features with a logistic model.',
    zh: '{d} 个特征无法绘图：数据图显示一维输入，或逻辑回归模型的两个特征。',
  },
  'training.dataNothingRegression': {
    en: 'Nothing to plot for {d} features (regression): the data chart shows 1-D inputs, or two features with a logistic model.',
    zh: '{d} 个特征（回归）无法绘图：数据图显示一维输入，或逻辑回归模型的两个特征。',
  },
  'training.dataRegions': {
    en: 'Data and decision regions',
    zh: '数据与决策区域',
  },
  'training.dataFits': {
    en: 'Data and fits',
    zh: '数据与拟合',
  },
  'training.nothingToDraw': {
    en: 'Nothing to draw.',
    zh: '没有可画的内容。',
  },
  'training.surfaceFunction': {
    en: 'Landscape of {f}: f(x, y)',
    zh: '{f} 的地形图：f(x, y)',
  },
  'training.surfacePlane': {
    en: 'Loss surface (a plane)',
    zh: '损失曲面（一个平面）',
  },
  'training.surfaceWb': {
    en: 'Loss surface over (w, b)',
    zh: '(w, b) 上的损失曲面',
  },
  'training.surfaceFunctionLabel': {
    en: 'Filled contours of the test function over (x, y) with log-spaced levels, its known minima marked, and each run\'s path; a click sets the start point',
    zh: '测试函数在 (x, y) 上的填充等值线（对数间隔），标出已知最小值和每次运行的路径；点击可设置起点',
  },
  'training.surfacePlaneLabel': {
    en: 'Contours of the training objective on a plane through the parameters, with each run\'s path projected onto it',
    zh: '训练目标在穿过参数的平面上的等值线，以及投影到该平面上的每次运行路径',
  },
  'training.surfaceWbLabel': {
    en: 'Contours of the training objective over weight and bias, with each run\'s path',
    zh: '训练目标在权重和偏置上的等值线，以及每次运行的路径',
  },
  'training.levelsLog': {
    en: '{what}, log-spaced levels',
    zh: '{what}，对数间隔的等值线',
  },
  'training.levelsEven': {
    en: '{what}, evenly spaced levels',
    zh: '{what}，等间隔的等值线',
  },
  'training.band': {
    en: '{what} from {from} to {to}',
    zh: '{what} 从 {from} 到 {to}',
  },
  'training.pngNothing': {
    en: 'Nothing is drawn in this chart',
    zh: '这张图中没有画任何内容',
  },
  'training.askStart': {
    en: 'Run anyway',
    zh: '仍然运行',
  },
  'training.notStarted': {
    en: 'Not started: the training would take long. Make it smaller (fewer updates, rows or features), or press Run and confirm.',
    zh: '未开始：训练会花很长时间。请把它改小（更少的更新、行或特征），或按“运行”并确认。',
  },
  'training.stepping': {
    en: 'Stepping…',
    zh: '单步执行中…',
  },
  'training.training': {
    en: 'Training…',
    zh: '训练中…',
  },
  'training.centreOptimum': {
    en: 'the closed-form optimum',
    zh: '闭式最优解',
  },
  'training.centreRun': {
    en: '{name}\'s parameters after training',
    zh: '{name} 训练后的参数',
  },
  'training.labelOptimum': {
    en: 'centre: the closed-form optimum',
    zh: '中心：闭式最优解',
  },
  'training.labelRun': {
    en: 'centre: {name}\'s parameters (iteration {iteration})',
    zh: '中心：{name} 的参数（第 {iteration} 次迭代）',
  },
  'training.planeNoRun': {
    en: 'No run to centre the plane on.',
    zh: '没有可以作为平面中心的运行。',
  },
  'training.planeWait': {
    en: 'The plane goes through {name}\'s parameters after training: it is drawn once the runs have trained.',
    zh: '平面经过 {name} 训练后的参数：运行训练完成后才会画出。',
  },
  'training.plane.curvature': {
    en: 'A slice through all {np} parameters: θ = centre + x·u + y·v, where u and v are the Hessian\'s two leading eigenvectors at the centre (curvatures {l1} and {l2}). The contours are the training loss on this plane; the paths are each run\'s parameters projected onto it, so they may cross contours they never met.',
    zh: '穿过全部 {np} 个参数的切片：θ = 中心 + x·u + y·v，其中 u 和 v 是中心处 Hessian 的两个主特征向量（曲率 {l1} 和 {l2}）。等值线是这个平面上的训练损失；路径是每次运行的参数在平面上的投影，所以可能穿过它们从未经过的等值线。',
  },
  'training.plane.curvatureRatio': {
    en: 'A slice through all {np} parameters: θ = centre + x·u + y·v, where u and v are the Hessian\'s two leading eigenvectors at the centre (curvatures {l1} and {l2}, {ratio}× apart). The contours are the training loss on this plane; the paths are each run\'s parameters projected onto it, so they may cross contours they never met.',
    zh: '穿过全部 {np} 个参数的切片：θ = 中心 + x·u + y·v，其中 u 和 v 是中心处 Hessian 的两个主特征向量（曲率 {l1} 和 {l2}，相差 {ratio} 倍）。等值线是这个平面上的训练损失；路径是每次运行的参数在平面上的投影，所以可能穿过它们从未经过的等值线。',
  },
  'training.plane.curvatureUnknown': {
    en: 'A slice through all {np} parameters: θ = centre + x·u + y·v, where u and v are the Hessian\'s two leading eigenvectors at the centre. The contours are the training loss on this plane; the paths are each run\'s parameters projected onto it, so they may cross contours they never met.',
    zh: '穿过全部 {np} 个参数的切片：θ = 中心 + x·u + y·v，其中 u 和 v 是中心处 Hessian 的两个主特征向量。等值线是这个平面上的训练损失；路径是每次运行的参数在平面上的投影，所以可能穿过它们从未经过的等值线。',
  },
  'training.plane.random': {
    en: 'A slice through all {np} parameters: θ = centre + x·u + y·v, where u and v are random directions, each unit\'s weights scaled to that unit\'s weights at the centre (Li et al., 2018). The contours are the training loss on this plane; the paths are each run\'s parameters projected onto it, so they may cross contours they never met.',
    zh: '穿过全部 {np} 个参数的切片：θ = 中心 + x·u + y·v，其中 u 和 v 是随机方向，每个单元的权重按中心处该单元的权重缩放（Li 等，2018）。等值线是这个平面上的训练损失；路径是每次运行的参数在平面上的投影，所以可能穿过它们从未经过的等值线。',
  },
  'training.plane.params': {
    en: 'A slice through all {np} parameters: θ = centre + x·u + y·v, where u and v move {a} and {b} alone. The contours are the training loss on this plane; the paths are each run\'s parameters projected onto it, so they may cross contours they never met.',
    zh: '穿过全部 {np} 个参数的切片：θ = 中心 + x·u + y·v，其中 u 和 v 只移动 {a} 和 {b}。等值线是这个平面上的训练损失；路径是每次运行的参数在平面上的投影，所以可能穿过它们从未经过的等值线。',
  },
  'training.findingPlane': {
    en: 'Finding the plane…',
    zh: '正在寻找平面…',
  },
  'training.surfaceFailed': {
    en: 'Could not draw the loss surface: {message}',
    zh: '无法画出损失曲面：{message}',
  },
  'training.note': {
    en: 'Note: {note}.',
    zh: '注：{note}。',
  },
  'training.runNote': {
    en: '{name}: {note}.',
    zh: '{name}：{note}。',
  },
  'training.bad.diverged': {
    en: '{count} diverged',
    zh: '{count} 次发散',
  },
  'training.bad.diverging': {
    en: '{count} diverging: loss above its start and still rising',
    zh: '{count} 次正在发散：损失高于起点且仍在上升',
  },
  'training.listSeparator': {
    en: ', ',
    zh: '，',
  },
  'training.finished': {
    en: 'Finished. Space (or the ▶ under it) plays it again; or change a setting.',
    zh: '已完成。按空格键（或下方的 ▶）再次播放；或者修改一项设置。',
  },
  'training.finished.playing': {
    en: 'Finished. Playing it back: Space pauses.',
    zh: '已完成。正在回放：按空格键暂停。',
  },
  'training.finishedBad': {
    en: 'Finished ({bad}). Space (or the ▶ under it) plays it again; or change a setting.',
    zh: '已完成（{bad}）。按空格键（或下方的 ▶）再次播放；或者修改一项设置。',
  },
  'training.finishedBad.playing': {
    en: 'Finished ({bad}). Playing it back: Space pauses.',
    zh: '已完成（{bad}）。正在回放：按空格键暂停。',
  },
  'training.paused': {
    en: 'Paused. Run continues, Step steps, Reset goes back to the start.',
    zh: '已暂停。“运行”继续，“单步”单步前进，“重置”回到开头。',
  },
  'training.stepped': {
    en: 'Stepped {made}. Run continues to the end.',
    zh: '已前进 {made}。“运行”继续到结束。',
  },
  'training.steppedEpoch': {
    en: 'Stepped one epoch. Run continues to the end.',
    zh: '已前进一个轮次。“运行”继续到结束。',
  },
  'training.updates.one': {
    en: '{count} update',
    zh: '{count} 次更新',
  },
  'training.updates.other': {
    en: '{count} updates',
    zh: '{count} 次更新',
  },
  'threads.split': {
    en: 'Full-batch epochs of linear and logistic models on {rows} training rows or more are split over {count} threads, with the same numbers as on one.',
    zh: '线性和逻辑回归模型在 {rows} 行及以上训练数据上的全批量轮次被拆分到 {count} 个线程上计算，数字与单线程完全相同。',
  },
  'threads.notIsolated': {
    en: 'One thread: this page is not cross-origin isolated (its server sends no Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers), so its workers cannot share memory. The numbers are the same; full-batch epochs on large data take longer.',
    zh: '单线程：此页面没有跨源隔离（它的服务器没有发送 Cross-Origin-Opener-Policy 和 Cross-Origin-Embedder-Policy 响应头），所以它的工作线程不能共享内存。数字相同；大数据上的全批量轮次会更慢。',
  },
  'threads.failed.one': {
    en: 'One thread: the {count} thread worker could not start ({reason}). The numbers are the same; full-batch epochs on large data take longer.',
    zh: '单线程：{count} 个线程工作者无法启动（{reason}）。数字相同；大数据上的全批量轮次会更慢。',
  },
  'threads.failed.other': {
    en: 'One thread: the {count} thread workers could not start ({reason}). The numbers are the same; full-batch epochs on large data take longer.',
    zh: '单线程：{count} 个线程工作者无法启动（{reason}）。数字相同；大数据上的全批量轮次会更慢。',
  },
};
