<?php
// Known answers for paywire's Paykassma signature schemes, computed by PHP itself (not by paywire).
// Regenerate: php make-scheme-vectors.php > scheme-vectors.json   (PHP 8.2, Debian php8.2-cli)
// Signatures, as Paykassma's documentation generations describe them:
//   flat:                 sha1($access . $private . md5(json_encode($bodyWithoutSignature, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)))
//                         and the body sent is {"signature":…} followed by the same members.
//   transactions:         sha1($access . $private . md5(json_encode($transactions, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)))
//   transactions-escaped: sha1($access . $private . md5(json_encode($transactions)))          (the oldest, flag-less)
// `bodyFlags` says how the body itself was written (a sender may escape differently from what it signed).
$accessKey = 'pk_access_3f9a';
$privateKey = 'pk_private_c41e77';
$F = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
$burmese = "\u{1019}\u{1031}\u{102C}\u{1004}\u{103A}"; // မောင်

function flat($name, $data, $bodyFlags) {
    global $accessKey, $privateKey, $F;
    $hashed = json_encode($data, $F);
    $signature = sha1($accessKey . $privateKey . md5($hashed));
    $body = json_encode(['signature' => $signature] + $data, $bodyFlags);
    return ['name' => $name, 'scheme' => 'flat', 'body' => $body, 'hashed' => $hashed, 'signature' => $signature, 'bodyFlags' => $bodyFlags];
}

function legacy($name, $scheme, $label, $transactions, $bodyFlags) {
    global $accessKey, $privateKey, $F;
    $hashed = $scheme === 'transactions' ? json_encode($transactions, $F) : json_encode($transactions);
    $signature = sha1($accessKey . $privateKey . md5($hashed));
    $body = json_encode(['access_key' => $accessKey, 'signature' => $signature, 'label' => $label, 'transactions' => $transactions], $bodyFlags);
    return ['name' => $name, 'scheme' => $scheme, 'body' => $body, 'hashed' => $hashed, 'signature' => $signature, 'bodyFlags' => $bodyFlags];
}

$deposit = [
    'wallet_type' => 'wavepay', 'amount' => 6000, 'currency_code' => 'MMK', 'label' => "ord-1001/$burmese",
    'converted_amount' => ['USD' => 9.19, 'INR' => 762, 'EUR' => 10.0, 'rates' => ['MMK' => ['USD' => 0.00047]]],
    'status' => 'Success', 'type' => 'deposit', 'transaction_id' => 880000123, 'custom_transaction_id' => 'dep/2024/ß-1',
    'note' => "line\u{2028}break", 'return_url' => 'https://shop.example/paid?x=1&y=/z', 'created_at' => 1714542310, 'activated_at' => 1714542422,
];
$withdrawal = [
    'wallet_type' => 'imps_ib', 'amount' => 30000, 'currency_code' => 'INR', 'label' => '1838921',
    'converted_amount' => ['USD' => 9.19, 'INR' => 762], 'status' => 'Success', 'type' => 'withdrawal', 'transaction_id' => 770001,
];
$failed = ['wallet_type' => 'wavepay', 'amount' => 250.75, 'currency_code' => 'MMK', 'label' => 'user-9', 'status' => 'Rejected', 'type' => 'deposit', 'transaction_id' => 880000124, 'custom_transaction_id' => 'dep-2', 'created_at' => '2024-05-01 13:45:10'];
$tx = fn ($id, $amount, $custom, $extra = []) => array_merge(['amount' => $amount, 'currency_code' => 'MMK', 'wallet_type' => 'wavepay', 'transaction_id' => $id, 'transaction_type' => 'deposit', 'created_datetime' => '2024-05-01 13:45:10', 'activated_datetime' => '2024-05-01 13:47:02', 'custom_id' => $custom], $extra);
$integerType = [[ // non-ASCII so the two legacy encodings differ (ASCII-only, slash-free data signs alike under both)
    'amount' => 1500, 'currency_code' => 'MMK', 'wallet_type' => 'wavepay', 'transaction_id' => 990001, 'transaction_type' => 1, 'from' => '09790000111', 'account_name' => $burmese, 'stockpiling' => 0, 'stockpiling_id' => null, 'created_datetime' => '2022-03-04 10:11:12', 'activated_datetime' => '2022-03-04 10:12:00', 'custom_id' => 'dep-int-1']];

$vectors = [
    flat('flat-deposit', $deposit, $F),
    flat('flat-deposit-escaped-body', $deposit, 0),
    flat('flat-withdrawal', $withdrawal, $F),
    flat('flat-rejected', $failed, $F),
    legacy('transactions-unicode', 'transactions', $burmese, [$tx('88001', 6000, 'ord/2024/ß-1', ['label' => "ユーザー/55 $burmese", 'fee' => 10.0])], $F),
    legacy('transactions-escaped-unicode', 'transactions-escaped', $burmese, [$tx('88003', 9.19, 'ord/2024/ß-3', ['label' => "ユーザー/55 $burmese\u{2028}", 'return_url' => 'https://shop.example/a/b'])], $F),
    legacy('transactions-escaped-as-sent', 'transactions-escaped', 'user-12', [$tx('88004', 762, 'ord/2024/ß-4', ['return_url' => 'https://shop.example/a/b'])], 0),
    legacy('legacy-integer-type', 'transactions', 'user-13', $integerType, $F),
];
echo json_encode(['generatedBy' => 'php make-scheme-vectors.php > scheme-vectors.json (PHP ' . PHP_VERSION . ', serialize_precision=' . ini_get('serialize_precision') . ')', 'accessKey' => $accessKey, 'privateKey' => $privateKey, 'vectors' => $vectors], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
