// Writes a Qualtrics-style export (current 3-row header, numeric values) with N responses:
// node bench/generate-export.mjs ROWS FILE. Deterministic (seeded), about 200 bytes a row, with
// the metadata columns of SURVEY.md (IP address, recipient fields, location).
import { createWriteStream } from 'node:fs';

export async function generateExport(rows, file) {
  const out = createWriteStream(file);
  const columns = [
    ['StartDate', 'Start Date', '{"ImportId":"startDate","timeZone":"America/Denver"}'],
    ['EndDate', 'End Date', '{"ImportId":"endDate","timeZone":"America/Denver"}'],
    ['Status', 'Response Type', '{"ImportId":"status"}'],
    ['IPAddress', 'IP Address', '{"ImportId":"ipAddress"}'],
    ['Progress', 'Progress', '{"ImportId":"progress"}'],
    ['Duration (in seconds)', 'Duration (in seconds)', '{"ImportId":"duration"}'],
    ['Finished', 'Finished', '{"ImportId":"finished"}'],
    ['RecordedDate', 'Recorded Date', '{"ImportId":"recordedDate","timeZone":"America/Denver"}'],
    ['ResponseId', 'Response ID', '{"ImportId":"_recordId"}'],
    ['RecipientLastName', 'Recipient Last Name', '{"ImportId":"recipientLastName"}'],
    ['RecipientFirstName', 'Recipient First Name', '{"ImportId":"recipientFirstName"}'],
    ['RecipientEmail', 'Recipient Email', '{"ImportId":"recipientEmail"}'],
    ['ExternalReference', 'External Data Reference', '{"ImportId":"externalDataReference"}'],
    ['LocationLatitude', 'Location Latitude', '{"ImportId":"locationLatitude"}'],
    ['LocationLongitude', 'Location Longitude', '{"ImportId":"locationLongitude"}'],
    ['DistributionChannel', 'Distribution Channel', '{"ImportId":"distributionChannel"}'],
    ['UserLanguage', 'User Language', '{"ImportId":"userLanguage"}'],
    ['Q1_NPS_GROUP', 'How likely are you to recommend Acme to a friend or colleague? - Group', '{"ImportId":"QID1_NPS_GROUP"}'],
    ['Q1', 'How likely are you to recommend Acme to a friend or colleague?', '{"ImportId":"QID1"}'],
    ['Q2', 'Overall, how satisfied were you with your order?', '{"ImportId":"QID2"}'],
    ['Q3', 'Acme made it easy for me to handle my issue.', '{"ImportId":"QID3"}'],
    ['Q4', 'Was your issue resolved on your first contact?', '{"ImportId":"QID4"}'],
    ['Q5_TEXT', 'Anything else you would like to tell us?', '{"ImportId":"QID5_TEXT"}'],
    ['channel', 'channel', '{"ImportId":"channel"}'],
    ['stage', 'stage', '{"ImportId":"stage"}'],
    ['touchpoint', 'touchpoint', '{"ImportId":"touchpoint"}'],
  ];
  const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (let r = 0; r < 3; r++) out.write(columns.map((c) => quote(c[r])).join(',') + '\n');
  let seed = 20261124;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const channels = ['web', 'mobile-app', 'store', 'phone', 'chat'];
  const stages = ['purchase', 'delivery', 'support'];
  const comments = ['', '', '', 'Great, thanks', 'Delivery was late, again', 'The app crashed at checkout, twice', 'Staff were "very" helpful\nwould come back'];
  const start = Date.UTC(2026, 0, 1);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const when = new Date(start + Math.floor(random() * 365 * 86_400_000)).toISOString().replace('T', ' ').slice(0, 19);
    const nps = Math.min(10, Math.floor(random() * 11 + random() * 2));
    const csat = 1 + Math.floor(random() * 5);
    const ces = 1 + Math.floor(random() * 7);
    const fcr = random() < 0.72 ? 1 : 2;
    const finished = random() < 0.95 ? 1 : 0;
    const status = random() < 0.002 ? 1 : 0;
    const channel = channels[i % 5];
    const comment = comments[Math.floor(random() * comments.length)];
    const ip = `${10 + (i % 200)}.${(i >> 8) & 255}.${i & 255}.${Math.floor(random() * 250)}`;
    const lat = (30 + random() * 20).toFixed(4);
    const lon = (-120 + random() * 40).toFixed(4);
    buffer += `${when},${when},${status},${ip},${finished ? 100 : 40},${Math.floor(random() * 900)},${finished},${when},R_${(1e14 + i).toString(36)},,,,,${lat},${lon},anonymous,EN,${nps >= 9 ? 3 : nps >= 7 ? 2 : 1},${nps},${csat},${ces},${fcr},${quote(comment)},${channel},${stages[i % 3]},tp-${i % 20}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await generateExport(Number(process.argv[2] ?? 1_000_000), process.argv[3] ?? 'export.csv');
}
