// Decap CMS starts once hc-admin.js has registered the help centre's format and widgets.
window.CMS_MANUAL_INIT = true;
