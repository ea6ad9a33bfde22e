-- journeykit metrics aggregates (format 1, bigquery): save the result as CSV or JSON, then
-- journey metrics --from-aggregates FILE. Verbatim comments are not aggregated.
WITH jk_rows AS (
  SELECT
    CAST(0 AS INT64) AS jk_line,
    CASE WHEN lower(trim(CAST(`Status` AS STRING))) IN ('1', '17', 'survey preview', 'offline survey preview') THEN 'preview' WHEN lower(trim(CAST(`Status` AS STRING))) IN ('2', 'survey test') THEN 'test' WHEN lower(trim(CAST(`Status` AS STRING))) IN ('8', '9', '12', 'spam', 'preview spam', 'imported spam') THEN 'spam' WHEN lower(trim(CAST(`DistributionChannel` AS STRING))) = 'preview' THEN 'preview' WHEN lower(trim(CAST(`DistributionChannel` AS STRING))) = 'test' THEN 'test' ELSE NULL END AS jk_excluded,
    coalesce(trim(CAST(`ResponseId` AS STRING)), '') AS jk_id,
    CAST(`channel` AS STRING) AS jk_d1,
    CAST(`x"; DROP TABLE y; --` AS STRING) AS jk_d2,
    REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(CAST(`RecordedDate` AS STRING), r'^([^:]*[ T])(0?[1-9]|1[0-9]|2[0-2]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$', r'\112:00'), r'^([^:]*[ T])(0?[1-9]|10):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?( ?[AaPp][Mm])$', r'\110:00\5'), r'^([^:]*):(0[0-9]|1[0-4])(:[0-5][0-9](\.[0-9]+)?)?', r'\1:00:00'), r'^([^:]*):(1[5-9]|2[0-9])(:[0-5][0-9](\.[0-9]+)?)?', r'\1:15:00'), r'^([^:]*):(3[0-9]|4[0-4])(:[0-5][0-9](\.[0-9]+)?)?', r'\1:30:00'), r'^([^:]*):(4[5-9]|5[0-9])(:[0-5][0-9](\.[0-9]+)?)?', r'\1:45:00') AS jk_period,
    CAST(`Finished` AS STRING) AS jk_finished,
    CAST(`Q1` AS STRING) AS jk_m0,
    CAST(`Q2` AS STRING) AS jk_m1,
    CAST(`Q3` AS STRING) AS jk_m2,
    CAST(`Q4` AS STRING) AS jk_m3
  FROM `acme`.`survey`.`responses`
),
jk_kept AS (
  SELECT jk_rows.*, CASE
    WHEN jk_excluded IS NULL AND jk_id <> '' AND row_number() OVER (PARTITION BY jk_excluded, jk_id ORDER BY jk_line) > 1 THEN 'duplicate'
    ELSE jk_excluded END AS jk_reason
  FROM jk_rows
)
SELECT 'plan' AS kind, CAST(NULL AS STRING) AS metric, '{"journeykit":"metrics-aggregates","version":1,"plan":{"platform":"qualtrics","headerRows":3,"width":26,"columnIds":["x\\"; DROP TABLE y; --","EndDate","Status","IPAddress","Progress","Duration (in seconds)","Finished","RecordedDate","ResponseId","RecipientLastName","RecipientFirstName","RecipientEmail","ExternalReference","LocationLatitude","LocationLongitude","DistributionChannel","UserLanguage","Q1_NPS_GROUP","Q1","Q2","Q3","Q4","Q5_TEXT","channel","stage","touchpoint"],"metrics":[{"metric":"nps","index":18,"kind":"nps","scale":{"min":0,"max":10},"higherIsBetter":true,"answers":{"wholePoints":true}},{"metric":"csat","index":19,"kind":"csat","scale":{"min":1,"max":5},"higherIsBetter":true,"answers":{"wholePoints":true}},{"metric":"ces","index":20,"kind":"ces","scale":{"min":1,"max":7},"higherIsBetter":true,"answers":{"wholePoints":true}},{"metric":"fcr","index":21,"kind":"fcr","scale":{"min":0,"max":1},"higherIsBetter":true,"answers":{"wholePoints":true},"fcrOneTwo":true}],"dims":[{"name":"channel","index":23},{"name":"x\\"; DROP TABLE y; --","index":0}],"date":{"index":7,"order":"ymd","timeZone":"America/Denver","period":"month"},"responseId":8,"status":2,"distributionChannel":15,"finished":{"index":6,"kind":"qualtrics"},"completeOnly":true,"decimalComma":false},"columns":{"nps":"Q1","csat":"Q2","ces":"Q3","fcr":"Q4","channel":"channel","stage":"stage","touchpoint":"touchpoint","x\\"; DROP TABLE y; --":"x\\"; DROP TABLE y; --","response_id":"ResponseId","date":"RecordedDate","comment":"Q5_TEXT"},"inferred":["CSAT column \'Q2\' (\\"Overall, how satisfied were you with your order?\\") found from its question text.","CSAT scale 1-5 from its values (highest 5); satisfied = the top two points.","CES column \'Q3\' (\\"Acme made it easy for me to handle my issue.\\") found from its question text.","CES scale 1-7 from its values (highest 7), higher is better from its question text (\\"Acme made it easy for me to handle my issue.\\"); easy = the upper side.","FCR column \'Q4\' (\\"Was your issue resolved on your first contact?\\") found from its question text.","FCR column \'Q4\' holds 1 and 2: read as Qualtrics\' numeric coding 1 = Yes, 2 = No.","Dates in \'RecordedDate\': year-first: 2026-02-23.","Time zone America/Denver from the export\'s ImportId row.","Comments from \'Q5_TEXT\' (\\"Is there anything else you would like to tell us? - Text\\"), found from its question text. Up to five per touchpoint are kept, e-mail addresses, phone numbers, card numbers and IBANs masked; name another column with survey.columns.comment."],"warnings":[],"scales":{"nps":{"min":0,"max":10},"csat":{"min":1,"max":5},"ces":{"min":1,"max":7,"higherIsBetter":true},"fcr":{"min":0,"max":1}},"timeZone":"America/Denver","files":["export.csv"],"encoding":"utf-8","delimiter":",","notes":["Comments from \'Q5_TEXT\' are not in the aggregates: verbatim answers are not counted."],"platformDetected":true,"origins":{}}' AS value, CAST(NULL AS STRING) AS period, CAST(NULL AS STRING) AS finished, 0 AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
UNION ALL
SELECT 'excluded' AS kind, CAST(NULL AS STRING) AS metric, jk_reason AS value, CAST(NULL AS STRING) AS period, CAST(NULL AS STRING) AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason IS NOT NULL AND jk_reason <> 'duplicate' GROUP BY jk_reason
UNION ALL
SELECT 'duplicate' AS kind, CAST(NULL AS STRING) AS metric, jk_id AS value, CAST(NULL AS STRING) AS period, CAST(NULL AS STRING) AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason = 'duplicate' GROUP BY jk_id
UNION ALL
SELECT 'responses' AS kind, CAST(NULL AS STRING) AS metric, CAST(NULL AS STRING) AS value, CAST(NULL AS STRING) AS period, jk_finished AS finished, count(*) AS n, jk_d1 AS d1, jk_d2 AS d2
  FROM jk_kept WHERE jk_reason IS NULL GROUP BY jk_d1, jk_d2, jk_finished
UNION ALL
SELECT 'answers' AS kind, '0' AS metric, jk_m0 AS value, CAST(NULL AS STRING) AS period, jk_finished AS finished, count(*) AS n, jk_d1 AS d1, jk_d2 AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m0 IS NOT NULL AND jk_m0 <> '' GROUP BY jk_d1, jk_d2, jk_finished, jk_m0
UNION ALL
SELECT 'answers' AS kind, '1' AS metric, jk_m1 AS value, CAST(NULL AS STRING) AS period, jk_finished AS finished, count(*) AS n, jk_d1 AS d1, jk_d2 AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m1 IS NOT NULL AND jk_m1 <> '' GROUP BY jk_d1, jk_d2, jk_finished, jk_m1
UNION ALL
SELECT 'answers' AS kind, '2' AS metric, jk_m2 AS value, CAST(NULL AS STRING) AS period, jk_finished AS finished, count(*) AS n, jk_d1 AS d1, jk_d2 AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m2 IS NOT NULL AND jk_m2 <> '' GROUP BY jk_d1, jk_d2, jk_finished, jk_m2
UNION ALL
SELECT 'answers' AS kind, '3' AS metric, jk_m3 AS value, CAST(NULL AS STRING) AS period, jk_finished AS finished, count(*) AS n, jk_d1 AS d1, jk_d2 AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m3 IS NOT NULL AND jk_m3 <> '' GROUP BY jk_d1, jk_d2, jk_finished, jk_m3
UNION ALL
SELECT 'period-responses' AS kind, CAST(NULL AS STRING) AS metric, CAST(NULL AS STRING) AS value, jk_period AS period, jk_finished AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason IS NULL GROUP BY jk_period, jk_finished
UNION ALL
SELECT 'period-answers' AS kind, '0' AS metric, jk_m0 AS value, jk_period AS period, jk_finished AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m0 IS NOT NULL AND jk_m0 <> '' GROUP BY jk_period, jk_finished, jk_m0
UNION ALL
SELECT 'period-answers' AS kind, '1' AS metric, jk_m1 AS value, jk_period AS period, jk_finished AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m1 IS NOT NULL AND jk_m1 <> '' GROUP BY jk_period, jk_finished, jk_m1
UNION ALL
SELECT 'period-answers' AS kind, '2' AS metric, jk_m2 AS value, jk_period AS period, jk_finished AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m2 IS NOT NULL AND jk_m2 <> '' GROUP BY jk_period, jk_finished, jk_m2
UNION ALL
SELECT 'period-answers' AS kind, '3' AS metric, jk_m3 AS value, jk_period AS period, jk_finished AS finished, count(*) AS n, CAST(NULL AS STRING) AS d1, CAST(NULL AS STRING) AS d2
  FROM jk_kept WHERE jk_reason IS NULL AND jk_m3 IS NOT NULL AND jk_m3 <> '' GROUP BY jk_period, jk_finished, jk_m3;
