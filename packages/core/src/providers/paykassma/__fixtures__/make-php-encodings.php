<?php
// Known answers for paywire's phpJsonEncode, computed by PHP itself.
// Regenerate: php make-php-encodings.php > php-encodings.json   (PHP 8.2.36, Debian php8.2-cli)
// php-floats.hex holds IEEE-754 bit patterns (special values plus random ones), one per line.
$F = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
$floats = [];
foreach (file(__DIR__ . '/php-floats.hex', FILE_IGNORE_NEW_LINES) as $hex) {
    $floats[] = [$hex, json_encode(unpack('E', hex2bin($hex))[1], $F)];
}
$chars = '';
for ($i = 0; $i < 128; $i++) $chars .= chr($i);
$chars .= "/é€𝄞\u{2028}\u{2029}\u{FEFF}မ";
$decoded = [];
// What json_encode writes for values PHP decoded from these JSON texts (json_decode(..., true)).
foreach (['{}', '[]', '{"0":"a","1":"b"}', '{"1":"a","0":"b"}', '{"a":1,"a":2,"b":3}', '[1.0,-0,-0.0,1E2,12345678901234567890,-9223372036854775808,9223372036854775808,0.1e1]', '{"k":{"x":{}},"01":1,"-1":2}', '"\ud83d\ude00 \/ \u00e9"'] as $json) {
    $decoded[] = [$json, json_encode(json_decode($json, true), $F)];
}
echo json_encode(['generatedBy' => 'php make-php-encodings.php > php-encodings.json (PHP ' . PHP_VERSION . ')', 'string' => [$chars, json_encode($chars, $F)], 'decoded' => $decoded, 'floats' => $floats], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
