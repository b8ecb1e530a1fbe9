// strings/notes.js — the Hessian line beside the data and the notes on the runs (run-notes.js writes them
// from lib/diagnostics.js's codes and values; the CLI keeps its English), each key in English and
// Simplified Chinese (strings.js).

export default {
  'diag.everywhere': {
    en: 'Hessian: λmax {max}, λmin {min}, {kappa}; gradient descent is stable for lr < {lr}',
    zh: 'Hessian：λmax {max}，λmin {min}，{kappa}；lr < {lr} 时梯度下降是稳定的',
  },
  'diag.optimum': {
    en: 'Hessian at the optimum: λmax {max}, λmin {min}, {kappa}; gradient descent is stable for lr < {lr}',
    zh: '最优解处的 Hessian：λmax {max}，λmin {min}，{kappa}；lr < {lr} 时梯度下降是稳定的',
  },
  'diag.at': {
    en: 'Hessian at the {at}: λmax {max}, λmin {min}, {kappa}; gradient descent is stable for lr < {lr}',
    zh: '{at}处的 Hessian：λmax {max}，λmin {min}，{kappa}；lr < {lr} 时梯度下降是稳定的',
  },
  'diag.atRun': {
    en: 'Hessian at the final parameters of run {run}: λmax {max}, λmin {min}, {kappa}; gradient descent is stable for lr < {lr}',
    zh: '运行 {run} 最终参数处的 Hessian：λmax {max}，λmin {min}，{kappa}；lr < {lr} 时梯度下降是稳定的',
  },
  'diag.kappa': { en: 'κ {value}', zh: 'κ {value}' },
  'diag.kappaSingular': {
    en: 'κ ∞ (H is singular: collinear features, or fewer rows than parameters)',
    zh: 'κ ∞（H 奇异：特征共线，或行数少于参数个数）',
  },
  'diag.powerIteration': { en: '{line} (power iteration)', zh: '{line}（幂迭代）' },
  'diag.notConverged': { en: '{line} (power iteration, not converged: estimates)', zh: '{line}（幂迭代，未收敛：估计值）' },
  'diag.none': { en: 'Hessian: none ({note})', zh: 'Hessian：无（{note}）' },
  'diag.model.function': {
    en: 'the Hessian diagnostics are computed for linear and logistic models',
    zh: 'Hessian 诊断只对线性和逻辑回归模型计算',
  },
  'diag.model.mlp': {
    en: 'the Hessian diagnostics are computed for linear and logistic models, not networks',
    zh: 'Hessian 诊断只对线性和逻辑回归模型计算，不对神经网络计算',
  },
  'diag.model.mae': {
    en: 'the Hessian diagnostics are computed for MSE ({loss} has no curvature)',
    zh: 'Hessian 诊断只对 MSE 计算（{loss} 没有曲率）',
  },
  'diag.model.huber': {
    en: 'the Hessian diagnostics are computed for MSE ({loss} has a curvature that depends on the residuals)',
    zh: 'Hessian 诊断只对 MSE 计算（{loss} 的曲率取决于残差）',
  },
  'diag.model.l1': {
    en: 'no Hessian at the optimum with an L1 penalty (Newton\'s method needs a smooth objective)',
    zh: '有 L1 惩罚时最优解处没有 Hessian（牛顿法需要光滑的目标函数）',
  },
  'note.times': { en: '{value}×', zh: '{value}×' },
  'note.percent': { en: '{value}%', zh: '{value}%' },
  // above_stability_bound: {how} is one of note.how.*
  'note.above': {
    en: 'lr {lr} is above the stability bound {bound} ({how})',
    zh: 'lr {lr} 高于稳定界 {bound}（{how}）',
  },
  'note.above.scheduled': {
    en: 'lr {lr} (its largest under the schedule) is above the stability bound {bound} ({how})',
    zh: 'lr {lr}（调度中的最大值）高于稳定界 {bound}（{how}）',
  },
  'note.above.minibatch': {
    en: 'lr {lr} is above the stability bound {bound} of full-batch steps ({how})',
    zh: 'lr {lr} 高于全批量步的稳定界 {bound}（{how}）',
  },
  'note.above.scheduled.minibatch': {
    en: 'lr {lr} (its largest under the schedule) is above the stability bound {bound} of full-batch steps ({how})',
    zh: 'lr {lr}（调度中的最大值）高于全批量步的稳定界 {bound}（{how}）',
  },
  'note.how.plain': { en: '{formula}', zh: '{formula}' },
  'note.how.plain.decay': { en: '{formula} with weight decay added to λmax', zh: '{formula}，λmax 加上权重衰减' },
  'note.how.momentum': { en: '{formula}, momentum {momentum}', zh: '{formula}，动量 {momentum}' },
  'note.how.momentum.decay': { en: '{formula}, momentum {momentum} with weight decay added to λmax', zh: '{formula}，动量 {momentum}，λmax 加上权重衰减' },
  'note.how.nesterov': { en: '{formula}, Nesterov', zh: '{formula}，Nesterov' },
  'note.how.nesterov.decay': { en: '{formula}, Nesterov with weight decay added to λmax', zh: '{formula}，Nesterov，λmax 加上权重衰减' },
  'note.lossGrew': { en: 'the loss grew {factor}', zh: '损失增长了 {factor}' },
  'note.lossGrewRising': { en: 'the loss grew {factor} and is still rising', zh: '损失增长了 {factor}，而且仍在上升' },
  'note.noiseFloor.sgd': {
    en: 'SGD has reached its noise floor: the training loss stopped falling over the last half of the run ({before}, then {floor}), {above} above the optimum {optimum}; a smaller lr or a larger batch lowers it',
    zh: 'SGD 已到达它的噪声底：训练损失在运行的后一半不再下降（{before}，然后 {floor}），比最优值 {optimum} 高 {above}；更小的 lr 或更大的批量能降低它',
  },
  'note.noiseFloor.other': {
    en: '{optimizer} on mini-batches has reached its noise floor: the training loss stopped falling over the last half of the run ({before}, then {floor}), {above} above the optimum {optimum}; a smaller lr or a larger batch lowers it',
    zh: '在小批量上的 {optimizer} 已到达它的噪声底：训练损失在运行的后一半不再下降（{before}，然后 {floor}），比最优值 {optimum} 高 {above}；更小的 lr 或更大的批量能降低它',
  },
  'note.standardize': {
    en: 'standardising the features would make this {factor} better conditioned (κ {condition} → {standardized}; data.standardize: true)',
    zh: '把特征标准化会让条件数改善 {factor}（κ {condition} → {standardized}；data.standardize: true）',
  },
  'optimum.mlp': { en: 'no closed form for a network', zh: '神经网络没有闭式解' },
  'optimum.notMse': { en: 'closed form only for linear regression with MSE', zh: '只有使用 MSE 的线性回归才有闭式解' },
  'optimum.l1': { en: 'no closed form with an L1 penalty', zh: '有 L1 惩罚时没有闭式解' },
  'optimum.notYet': { en: 'not computed yet', zh: '尚未计算' },
  'optimum.notComputed': { en: 'not computed', zh: '未计算' },
};
