<?php
// Known-answer postback vectors, computed by PHP itself (not by paywire).
// Regenerate: php make-postback-vectors.php > postback-vectors.json   (PHP 8.2.36, Debian php8.2-cli)
// Signature, as Paykassma documents it:
//   sha1($access_key . $private_key . md5(json_encode($transactions, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)))
// The body is then written with the flags named in each vector (`bodyFlags`), as a sender might.
$accessKey = 'pk_access_3f9a';
$privateKey = 'pk_private_c41e77';
$F = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

function tx($id, $amount, $custom, $extra = []) {
    return array_merge([
        'amount' => $amount,
        'currency_code' => 'MMK',
        'wallet_type' => 'wavepay',
        'transaction_id' => $id,
        'transaction_type' => 'deposit',
        'created_datetime' => '2024-05-01 13:45:10',
        'activated_datetime' => '2024-05-01 13:47:02',
        'custom_id' => $custom,
    ], $extra);
}

$burmese = "\u{1019}\u{1031}\u{102C}\u{1004}\u{103A}\u{1019}\u{1031}\u{102C}\u{1004}\u{103A}"; // မောင်မောင်
$cases = [
    ['ascii-basic', 'user-55', [tx('1394646476', 500, 'dep-1')], $F],
    ['non-ascii-label-and-urls', $burmese, [tx('88001', 6000, 'ord/2024/ß-1', ['label' => "ユーザー/55 $burmese", 'return_url' => 'https://shop.example/paid?x=1&y=/z'])], $F],
    ['escaped-body-default-flags', $burmese, [tx('88002', 6000, 'ord/2024/ß-2', ['label' => "ユーザー/55 $burmese", 'return_url' => 'https://shop.example/paid?x=1&y=/z'])], 0],
    ['floats-controls-bigint', 'user-7', [tx(9007199254740993, 500.5, 'dep-3', ['fee' => 6000.0, 'tiny' => 0.00001, 'huge' => 1.0E+25, 'note' => "line1\nline2\t\"q\" \\ \x01\x1f \u{2028} \x7f"])], JSON_PRETTY_PRINT],
    ['three-transactions', 'user-9', [tx('7001', 100, 'dep-a'), tx('7002', 250.75, 'dep-b'), tx('7003', 1000, null)], $F],
    ['pretty-printed-body', 'user-10', [tx('7101', 300, 'dep-p', ['url' => 'https://x.example/a/b'])], $F | JSON_PRETTY_PRINT],
    ['empty-object-in-body', 'user-11', [tx('7201', 400, 'dep-e', ['meta' => []])], $F],
];
$out = ['generatedBy' => 'php make-postback-vectors.php > postback-vectors.json (PHP ' . PHP_VERSION . ', serialize_precision=' . ini_get('serialize_precision') . ')', 'accessKey' => $accessKey, 'privateKey' => $privateKey, 'vectors' => []];
foreach ($cases as [$name, $label, $transactions, $bodyFlags]) {
    $hashed = json_encode($transactions, $F);
    $signature = sha1($accessKey . $privateKey . md5($hashed));
    $body = json_encode(['access_key' => $accessKey, 'signature' => $signature, 'label' => $label, 'transactions' => $transactions], $bodyFlags);
    if ($name === 'empty-object-in-body') $body = str_replace('"meta":[]', '"meta":{}', $body); // a non-PHP sender writes {} for the empty map
    $out['vectors'][] = ['name' => $name, 'body' => $body, 'hashed' => $hashed, 'md5' => md5($hashed), 'signature' => $signature, 'bodyFlags' => $bodyFlags, 'transactionCount' => count($transactions)];
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
