/**
 * journeykit renders diagrams with a system Chromium (see README): never download a browser.
 * @type {import('puppeteer').Configuration}
 */
module.exports = { skipDownload: true };
