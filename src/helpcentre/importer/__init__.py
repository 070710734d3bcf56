"""`helpcentre import`: articles, collections and old links moved in from Intercom or Zendesk."""
