// The package's main: the node and credential classes, for code that embeds them. n8n itself loads
// the compiled files that package.json lists under "n8n", not this one. Needs the build (dist/).
const { WhatConverts } = require('./dist/nodes/WhatConverts/WhatConverts.node.js');
const { WhatConvertsTrigger } = require('./dist/nodes/WhatConverts/WhatConvertsTrigger.node.js');
const { WhatConvertsWebhookTrigger } = require('./dist/nodes/WhatConverts/WhatConvertsWebhookTrigger.node.js');
const { WhatConvertsApi } = require('./dist/credentials/WhatConvertsApi.credentials.js');

module.exports = { WhatConverts, WhatConvertsTrigger, WhatConvertsWebhookTrigger, WhatConvertsApi };
