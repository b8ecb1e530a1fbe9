// strings/controls.js — the experiment form (controls.js): each key in English and Simplified Chinese
// (strings.js).

export default {
  'controls.formLabel': {
    en: 'Experiment settings',
    zh: '实验设置',
  },
};
