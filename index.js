// n8n finds this package's nodes and credentials through the "n8n" section of package.json, not
// through an entry point, so nothing is exported and this file is not published.
module.exports = {};
