@testable import App
import Testing

@Suite("QR codes")
struct QRCodeTests {
    /// A symbol from segno 1.6.6, an independent encoder:
    /// `segno.make_qr(text.encode(), error=…, mode='byte', boost_error=False)`. Each row is hex,
    /// most significant bit = leftmost module, zero-padded to whole hex digits.
    ///
    /// segno 1.6.6 pads a bit stream that already ends on a codeword boundary with an extra 0x00
    /// byte (heuer/segno#148); the standard adds no padding bits there (7.4.10) and goes straight to
    /// the 0xEC/0x11 pad codewords. The references were made with that one function patched
    /// (`buff.extend([0] * (-length % 8))`); everything else is stock segno.
    struct Reference: Sendable {
        let text: String
        let correction: QRCode.Correction
        let version: Int
        let mask: Int
        let rows: String

        func matches(_ code: QRCode) -> Bool {
            let lines = rows.split(whereSeparator: \.isWhitespace)
            guard lines.count == code.size else { return false }
            for (y, line) in lines.enumerated() {
                let digits = line.compactMap(\.hexDigitValue)
                guard digits.count == (code.size + 3) / 4 else { return false }
                for x in 0..<code.size where code[x, y] != ((digits[x / 4] >> (3 - x % 4)) & 1 == 1) {
                    return false
                }
            }
            return true
        }
    }

    /// "HELLO", an 85-character link at every level (versions 5–9, so 7 and 9 carry version
    /// information), UTF-8 Chinese, and a 315-byte text (version 13, 16-bit count).
    static let references: [Reference] = [
        Reference(
            text: "HELLO", correction: .medium, version: 1, mask: 2,
            rows: """
                fe13f8
                822a08
                bac2e8
                baaae8
                bacae8
                82f208
                feabf8
                00c000
                be33e0
                6d7e60
                3e8b70
                687e60
                5f8928
                00a940
                fe74b0
                82a1f0
                bad4b0
                badf40
                bacb20
                827ee0
                fec8b0
                """),
        Reference(
            text: "https://127.0.0.1:8080/e/3fJq9xKz7LmN2pQ8rS4tU6vW1yZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", correction: .low, version: 5, mask: 6,
            rows: """
                fef75003f8
                821f302a08
                ba562ccae8
                ba33d87ae8
                ba3d529ae8
                8256676a08
                feaaaaabf8
                00ca814000
                da4f026208
                7d63807490
                934b259c78
                35026a0ea0
                67a7090658
                1c290135f0
                464376f218
                99cf810aa8
                1659df1f78
                5991cad040
                46cfd31d08
                5115287208
                e295400b98
                e14d9204b0
                1715c9f688
                88bcd11638
                df7d4d1e08
                b9e7115990
                f39ddcd5d8
                8d90aa3d28
                87439b1fb0
                00bfdab8f0
                fe319d6a88
                824b1bc898
                baee041fd8
                ba82425658
                ba6be3ace8
                82a2fa8238
                fee6191b88
                """),
        Reference(
            text: "https://127.0.0.1:8080/e/3fJq9xKz7LmN2pQ8rS4tU6vW1yZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", correction: .medium, version: 6, mask: 3,
            rows: """
                feacde4abf8
                82ae29c4208
                ba68d1132e8
                bab71c2b2e8
                ba0257f72e8
                82323a21208
                feaaaaaabf8
                00ace9a6000
                b736d68ca58
                71c67fe55a8
                b2d7c326420
                e16ea94af18
                36fd19f94f0
                11e92bc0000
                9eb11924278
                8d750533a40
                67bae6838c0
                1cd93de4d48
                5a6faa9c6a0
                f4a2f408f68
                6f6b18d27f8
                9917d53aa98
                8abb2120510
                6005aac8958
                37e6605e060
                bd203a33a78
                6a51d48fc48
                34aea48bfd0
                a7400f916c0
                5c697867340
                b621f606fc0
                0875d33eba0
                7228c8bbfa8
                00c3de6a898
                feff29c4ad0
                82dfc802890
                ba118c2af90
                baf5067f0b0
                bafd32ae138
                824fdd81e90
                fee485e0a50
                """),
        Reference(
            text: "https://127.0.0.1:8080/e/3fJq9xKz7LmN2pQ8rS4tU6vW1yZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", correction: .quartile, version: 7, mask: 6,
            rows: """
                fe3625ae8bf8
                82bb7ca59208
                ba194214d2e8
                bad1f37cdae8
                bae7afbbfae8
                827c588c4208
                feaaaaaaabf8
                00fcd8ddb800
                5e952fd856d0
                f149ccfbeeb0
                c68050517418
                75cb25051168
                8a3bb50ca290
                4deeb23acee0
                a7238c5daaf0
                c57fa7b480e0
                63af2e15e270
                196792c33d28
                aa95590446e8
                79a76a1b0b68
                2fb41ff97fc0
                b8b568cab898
                3aee9aa0aaf8
                f8c04897f8b8
                7fa3af8d9f98
                e4353fe24b30
                fa498d9cfda0
                9cd212cf65a8
                1f5f5a82b0d8
                44dae3be39f0
                575ed35d82a8
                01e7f19334b0
                967b9d680850
                75ea9e0ef4e8
                0a25a7b157f8
                784d78b78528
                9b33affedf88
                008078fe98f0
                fe45eaa11a90
                82f9a8c448e8
                bac8ffb1afc8
                baf7b8722130
                ba7a670a5ea8
                82bc3b7a2278
                fe34a7fd62e0
                """),
        Reference(
            text: "https://127.0.0.1:8080/e/3fJq9xKz7LmN2pQ8rS4tU6vW1yZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", correction: .high, version: 9, mask: 4,
            rows: """
                fe55ef17aba3f8
                82cf397910f208
                ba5991021452e8
                ba491f2b69eae8
                ba6597fc6262e8
                8285fa8a106208
                feaaaaaaaaabf8
                00c4788c504000
                0f5857fd686310
                e1e098995bbd08
                03ea77c9203a58
                8941e46b81e7c8
                d36ece3abfadf0
                686eaeddf2f838
                434e7d083633b8
                5cdb777c7842d0
                66a813d5dc29b8
                b8fb4720276dc8
                f71ec6dfa7f108
                b8733c4840aec8
                aff336138b71d0
                70972894ffe820
                6ed148a1b44540
                f9ecb00e297bd0
                4fe150f9eb0fb8
                38d54a892ea8f8
                8ad3f0ad87aac8
                f8d548898a2898
                0fd5daf9be1fb0
                5178ff9d07cbc0
                4a9d1aa4d7da88
                b90492d6d3f740
                b3b2e5e09d1110
                907e1603fe38f8
                724164d2e76b88
                38bb92fe8c7a90
                fed509b00e1b50
                9028945c9a2d88
                1b408101853b68
                70d6132b757218
                cb4e39a07e7a98
                d87aeedc93e708
                dee3d9e2e23ba8
                60cb295858de80
                122c0afa8a1f98
                00e265882b78a8
                fea9beaa358af8
                829cc589e84880
                baded5f9c87f90
                ba7e46bfe67b50
                ba6ac76c97de48
                826c5445772bd8
                fe2d99af9507f0
                """),
        Reference(
            text: "企业信用信息公示：统一社会信用代码91350100M000100Y43", correction: .medium, version: 5, mask: 7,
            rows: """
                fe55a59bf8
                827f31fa08
                ba109dcae8
                ba648052e8
                ba44237ae8
                82d40f6a08
                feaaaaabf8
                007a661800
                96ecee2500
                e179f3c370
                9f3912ea80
                55aad815a0
                a2e7ea6c10
                90caa44ef8
                cfdb16b5f0
                f5e097e8b0
                4281883bb8
                48fb510718
                834a5ecea0
                4ccf9b7a50
                7ab81de5c8
                b980404180
                47452f7380
                5425b1fcf8
                1794a06258
                4c33662ad8
                8395cd23c0
                7dd6933c60
                d69f7cefb8
                00b0e7f8e8
                fe19d3bab0
                82929d88c0
                ba15525ff8
                ba831a77d0
                ba6c8cc878
                822d420920
                fee032ec18
                """),
        Reference(
            text: "企业信用信息公示：统一社会信用代码91350100M000100Y43", correction: .high, version: 8, mask: 7,
            rows: """
                feb5201ec4bf8
                829f09455fa08
                ba14f20c4dae8
                bab166de5d2e8
                bacccbe3b02e8
                82dd562896208
                feaaaaaaaabf8
                0000ca3950800
                127a7ff6661d8
                98bd051adbb58
                7e9c8b6075110
                05111426de050
                c62da5b72a248
                141c401a30068
                3f9bcbde7e770
                5c984cff4dbc8
                17357de54a158
                f13f13aed6e88
                d3897490ee2a0
                2dc91fb8ac0c8
                47e0c008317c0
                59f8113477658
                1fb0dbf338fd0
                88da8627b98b0
                dabcfea742a98
                5892ae2ed78d0
                bfb383f5cafc0
                b4b857e178378
                76845a59b7cd0
                68df88c834798
                7e42e89e8ddc8
                a0fcee0b64640
                32cc54347fde8
                3427a65e47558
                66305a97ec1c0
                7ddae7727f1d8
                4afa856eeb650
                f8c7c1f061498
                477e4bdf5e400
                702c58d2b3238
                e3d74ffba5f80
                00cbda32218b8
                fe1472a6aaaa0
                821c4e33df8d0
                ba6617e0a7fa8
                bae37dbd3e390
                ba054186b4638
                8269b542aa060
                fe35a29824d38
                """),
        Reference(
            text: String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 7), correction: .medium, version: 13, mask: 4,
            rows: """
                fed972948375333bf8
                825daf15d80b018208
                ba05192074eae1e2e8
                bad5116034a4690ae8
                baf25cf4fa25bf6ae8
                829b5fe4881ad92208
                feaaaaaaaaaaaaabf8
                00a6db5e8b2cc0d800
                8bda266afd0fb4c7c8
                d152072053d96f9ee0
                2220db8ec7ccb75250
                4c2197b0376a90f700
                6eba70efa909f79718
                714d03f1027c265b10
                aff041bbe7b5ae8b50
                79276a37363cf0ad08
                7288ba6a3d4b85c418
                e1e268f0007dbadab0
                1fb043fac1a0775230
                91bb159d30ce94b440
                823bc87fa86bf2e318
                5cc02cf18771ae0f10
                6b7c7680f3a52fc230
                447e8486252a35e008
                6b954c8e7d4de28768
                545bb970d2fcbeda30
                5f975edce3e53e4b90
                14f6fc1d3b03b78d00
                9ead046ea97fb2f640
                b52604a0a63d665b60
                fedb558cf3e5378300
                518bfba9354bd7d110
                7fa67152ff2d968fd8
                e8d73b468ae4a31880
                eada1ac9aae52edaf0
                2894d63c8b2bc5f880
                3ffcb40ffd4fb2afd8
                e0d709f02278a6df50
                7a963dccee243b1db0
                1de59a4c8158d3af00
                7fc1a48f942f96cfc8
                8dc8f3e4b6fcee9f30
                b7734c5432613a4410
                74ef979d4d4f836a00
                d6484abf4369f08ed8
                b1329111b33c33c150
                5273ab549b153e55a0
                d04c9ab2550deea390
                3b9e1d8f6069968688
                4575ca3012fca65e60
                372ee2bcaa657e4410
                10c6f64da00db2ccc8
                d274986edb5df0ce98
                641bf0c677687bd330
                d7cd8de44c743ed4c0
                e944f9f0419f928680
                ee59d66fcfe9d2a290
                29a10474eaf4a79b60
                af5ec0309a60ff5450
                81b7fca89609c58e98
                9bbf6b0ff95cb08f80
                00ea40e58abc67c890
                fed371a7afe8ba5af0
                8245993f894990b880
                ba981ceffe3bf6bfd8
                ba1f48d45a71a346b8
                ba157f1b9b7dae40e0
                82101a17fa2df4f4c0
                fe9b2644df4cd29908
                """),
    ]

    @Test(arguments: references)
    func matchesSegnoModuleForModule(_ reference: Reference) throws {
        let code = try QRCode(text: reference.text, correction: reference.correction)
        #expect(code.version == reference.version)
        #expect(code.size == 17 + 4 * reference.version)
        #expect(code.mask == reference.mask)
        #expect(reference.matches(code))
    }

    /// Left to itself segno picks mask 1 for this payload. Its N3 scan resumes 7 modules after
    /// each counted 1011101 run, so it misses a run that overlaps the previous one: under masks 0
    /// and 1, column 4 reads data "10111" + separator + the bottom left finder's edge, preceded
    /// by 4 light modules, and that run shares its last module with the finder's own 1011101.
    /// Table 11 charges each occurrence; counting both, mask 2 scores lowest (N1, N2 and N4 agree
    /// with segno's). Reference: segno as above with `mask=2` forced.
    static let overlapping = Reference(
        text: "https://127.0.0.1:8080/e/cuBjO1eL1i86AOIEB3IU", correction: .medium, version: 4, mask: 2,
        rows: """
            fe5195bf8
            825926a08
            baf206ae8
            bae0342e8
            ba87882e8
            82be32208
            feaaaabf8
            009abc800
            be24793e0
            b5fef3b78
            3f3f42ea0
            ad4c616e0
            efa38fd58
            089564038
            87bfcc670
            d48d05f60
            9be348988
            9571b5f60
            6e57a43b0
            54f9875f0
            f61d34550
            80c38b808
            93ba129f0
            8c0e9dc30
            b2daf8fd8
            00e6f38a8
            fe5bc3ab0
            82d6708f0
            ba9d9efc0
            babb64088
            badfccf20
            822106ca0
            fe9f49d50
            """)

    @Test func countsOverlappingFinderLikeRunsSeparately() throws {
        let reference = Self.overlapping
        let code = try QRCode(text: reference.text, correction: reference.correction)
        #expect(code.version == reference.version)
        #expect(code.mask == reference.mask)
        #expect(reference.matches(code))
        // 0000 1011101 011101: the second run starts inside the first.
        let line: [Bool] = [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1].map { $0 == 1 }
        #expect(QRCode.Canvas.linePenalty(line) == 80)
    }

    /// Every version and level, each filled to capacity with pseudo-random bytes (so the smallest
    /// fitting version is exactly that one): `version level byteCount mask fnv1a64(modules)`,
    /// where the hash runs over the modules row by row as bytes 0/1. From segno 1.6.6 with the
    /// padding patch above, `version=` pinned. Lines marked `*n` are where segno's own N3 scan
    /// (see `overlapping`) picked mask n; they hold segno's symbol with the mask that wins when
    /// every finder-like run is counted.
    static let sweep = """
        1 L 17 0 bf7904fc910756b3
        1 M 14 2 ea9a473db713115f
        1 Q 11 5 ede28c8f0fc695d3
        1 H 7 3 05d5d07decd2f331
        2 L 32 6 c4b9d9c4ab5a90ff
        2 M 26 7 c6288eb084b59ab9
        2 Q 20 1 70601fd141cde54f
        2 H 14 6 7b8ba7a1047444f9
        3 L 53 7 dda4ec9d0c497edd
        3 M 42 5 c2f2bbd32ece098a
        3 Q 32 3 149a656c79aa29b9
        3 H 24 7 7452ed37737579c1
        4 L 78 2 24fb5e5728d45de8
        4 M 62 5 2b6e8b98922589d3
        4 Q 46 0 a1ee4beb293e5851
        4 H 34 3 ccfcbe37df283f3c
        5 L 106 6 bedb271ee72ec869
        5 M 84 0 03405918fbd0edf5
        5 Q 60 5 29e60073c4b861be
        5 H 44 4 314cfdfd50971a25
        6 L 134 3 3bc7b99c93d0f729
        6 M 106 4 b0e9a9c9730febb2
        6 Q 74 1 fe1f8fa99d271d7d
        6 H 58 6 72cd9fd09e297517 *4
        7 L 154 5 902528c1391218d5
        7 M 122 7 d22e96856400a307
        7 Q 86 5 8b2ff605809fb313
        7 H 64 3 90d7745a1ded6327
        8 L 192 4 3f7a63ce364003a7
        8 M 152 2 e5e2fa74c8f73671
        8 Q 108 0 fca5ac02e40e97ff
        8 H 84 3 e3d8f68a08ce7113
        9 L 230 7 53ca0bad58dd5354
        9 M 180 3 bbb99eb0b3e86d48
        9 Q 130 2 f116464490c93cbd
        9 H 98 3 c494655fb0c76e42
        10 L 271 7 b0d6a3d6c3a63ca1
        10 M 213 3 057305c5488d6129
        10 Q 151 4 ece395bc70dcbd23
        10 H 119 1 ae1d9ad526f9d7d0
        11 L 321 0 1439029b77b0f25d
        11 M 251 7 e2e20a5c62dc3d01
        11 Q 177 7 c31e7cf0c6da4f33
        11 H 137 3 472ba5bfe4be833d
        12 L 367 3 cce80b47ba8b762e
        12 M 287 7 3624efd8dfed0f88
        12 Q 203 0 e9ebf2dc8e2be005
        12 H 155 0 1f2a3b0a0ec058ff
        13 L 425 4 627774605e670765
        13 M 331 1 b8d0784efb2c61c6
        13 Q 241 3 26efc183fdc7898d
        13 H 177 1 644cc0d6fc071bc2
        14 L 458 0 09920293802967c5
        14 M 362 3 80cd1bf0fcb7aba3
        14 Q 258 4 9fa2b727d59b251f
        14 H 194 1 4cf36c1efe3f38b6
        15 L 520 1 40e22051453a98d8
        15 M 412 2 55ebb684c17cafb1
        15 Q 292 4 0f2cbb588bb1a628
        15 H 220 5 bc74a5868b89d2be
        16 L 586 0 72e3fb1e255e0d89
        16 M 450 5 64f403a66696524f
        16 Q 322 4 e49e34978498a944
        16 H 250 0 77e3a6ecd26ba713
        17 L 644 0 65b78e8ddf41dc65
        17 M 504 1 295b600f0638dba4
        17 Q 364 2 591f2eacb3359325
        17 H 280 5 0756bf134f359aa6
        18 L 718 6 3f622b60265ebc3e
        18 M 560 6 eb24726c6b40fa00
        18 Q 394 6 1f3aa8b95431b692
        18 H 310 0 aa4026de7117ab0d
        19 L 792 5 c8261b37e29ef781
        19 M 624 4 1c3a385906b04e49
        19 Q 442 0 3770080ad74ed2b5
        19 H 338 6 c3f3659bfafc14f1
        20 L 858 1 8f01f3e09d5439ec
        20 M 666 3 6b17af57d0ce13dd
        20 Q 482 2 2b2aeec229561c39
        20 H 382 6 a5b483c3464b0b83
        21 L 929 4 0d812020613385bf
        21 M 711 5 b374757c2bd54612
        21 Q 509 5 60f94f864c5b113a
        21 H 403 5 19a3c300439b9f7a
        22 L 1003 0 42100149fcbc9945
        22 M 779 6 1a788a58e6a05c67
        22 Q 565 4 f9a7c4ddc263879b
        22 H 439 6 bcf7a2bf2d249077
        23 L 1091 1 b074447d6f7919e6
        23 M 857 3 5209e01cca660cbd
        23 Q 611 0 7331a3b058cfefe1
        23 H 461 6 6512892338dbf441
        24 L 1171 7 6acb77548bee3351
        24 M 911 6 23fc5aec8dae89b9
        24 Q 661 3 ebda3436caa34e83
        24 H 511 0 952aa209c8162995
        25 L 1273 3 d841ca026ff96c76
        25 M 997 1 4d6e1085fa0d0390
        25 Q 715 5 7a22945c6e5ff37b
        25 H 535 1 02d1489cd1d04f6e
        26 L 1367 0 97945f9ccefb17df
        26 M 1059 6 a7e387544126539f
        26 Q 751 4 06148bc98a9e2795
        26 H 593 6 7f66f2345f1ae7ed
        27 L 1465 2 db77f9f56a55eab3
        27 M 1125 2 0e2f869fe8ce3fff
        27 Q 805 0 54b57cfe22c6934d
        27 H 625 6 9d4b70934e794d4f
        28 L 1528 5 964ebb952f365c8d
        28 M 1190 0 2f1ac95e82fa6cdf
        28 Q 868 7 2453fda2439376e8
        28 H 658 0 065f822a58233e09 *3
        29 L 1628 7 76ff7df75e8a4ec3
        29 M 1264 4 fb6f4b4a451b5d8e
        29 Q 908 0 dedf5e67b093cb67
        29 H 698 1 acc7300be4960498
        30 L 1732 4 e2687021c4a8afba
        30 M 1370 0 8edd9023d4053cb7
        30 Q 982 2 08fa3d6393a6d3bf
        30 H 742 4 9baeb0e4fc7fbfd8
        31 L 1840 1 82f6cc9bd8c8a6f4
        31 M 1452 5 c3cf92aac4d22389
        31 Q 1030 4 cd6ca1207e4069c3
        31 H 790 3 e5f41a30fe2fbc44
        32 L 1952 0 b885af0db53a39a3
        32 M 1538 1 94b23307bda43272
        32 Q 1112 3 9d5ab4f56716e866
        32 H 842 7 94e9cff79a048318
        33 L 2068 3 76220f11ff596621
        33 M 1628 1 a7b4bd2909d2feda
        33 Q 1168 5 685f0342bfe8dcb2
        33 H 898 4 d45d86ae21859dc2
        34 L 2188 2 a3763c9d0052c5f9
        34 M 1722 3 46a7debb722e2803
        34 Q 1228 6 a1c9a2f5298597fd
        34 H 958 4 88231235d896c610
        35 L 2303 0 b0929af5abca475f
        35 M 1809 6 9e1d8b3def57e6fb
        35 Q 1283 4 e5a300d447086e1b
        35 H 983 6 288f487a1e4c22bd
        36 L 2431 0 c2841bc9ecca0139
        36 M 1911 2 1cbf1a7c2c1a5035
        36 Q 1351 7 f89e7ade3fe6f67a
        36 H 1051 0 0e88543d4221e90d
        37 L 2563 2 fdbad2550cf31201
        37 M 1989 1 897f2b26386c40c0
        37 Q 1423 7 b1b79651db41dceb
        37 H 1093 3 5c0c954b619d3ba1
        38 L 2699 6 495a1f731813f919
        38 M 2099 3 c214c8219a20178b
        38 Q 1499 1 bede68f98eefece4 *2
        38 H 1139 2 37e2be2427a93959
        39 L 2809 3 751f9c420b19fd62
        39 M 2213 0 5b5bd4ce740f3973
        39 Q 1579 4 e7f6cffc8b47461d
        39 H 1219 1 0ec85f2998dd95d8
        40 L 2953 4 eb356e169375820f
        40 M 2331 5 97c428bbcab8969f
        40 Q 1663 2 ceb81ccce7b6a249
        40 H 1273 5 23889324e457523f
        """

    /// The payload of `sweep`: the top byte of Knuth's MMIX LCG, seeded with 4 × version + level.
    static func payload(seed: UInt64, count: Int) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(state >> 56)
        }
    }

    static func fnv1a(_ code: QRCode) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for y in 0..<code.size {
            for x in 0..<code.size {
                hash ^= code[x, y] ? 1 : 0
                hash = hash &* 0x100_0000_01B3
            }
        }
        return hash
    }

    @Test func matchesSegnoAtEveryVersionAndLevel() throws {
        let levels: [Character: (QRCode.Correction, UInt64)] = ["L": (.low, 0), "M": (.medium, 1), "Q": (.quartile, 2), "H": (.high, 3)]
        let lines = Self.sweep.split(separator: "\n")
        #expect(lines.count == 160)
        for line in lines {
            let fields = line.split(separator: " ")
            let version = try #require(Int(fields[0]))
            let (correction, levelIndex) = try #require(fields[1].first.flatMap { levels[$0] })
            let count = try #require(Int(fields[2]))
            let bytes = Self.payload(seed: UInt64(version) * 4 + levelIndex, count: count)
            let code = try QRCode(bytes: bytes, correction: correction)
            #expect(code.version == version, "\(line)")
            #expect(code.mask == Int(fields[3]), "\(line)")
            #expect(String(Self.fnv1a(code), radix: 16).leftPadded(to: 16) == fields[4], "\(line)")
            // One more byte needs the next version.
            #expect(!QRCode.fits(count + 1, version: version, correction: correction), "\(line)")
        }
    }

    @Test func matchesTheStandardsWorkedExamples() {
        // Annex I: "01234567" at 1-M; data codewords and their 10 error correction codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let generator = QRCode.ReedSolomon.generator(degree: 10)
        #expect(QRCode.ReedSolomon.remainder(of: data, generator: generator)
            == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
        // Annex C (format information after masking with 0x5412) and Annex D (version 7).
        #expect(QRCode.Canvas.formatInformation(correction: .low, mask: 0) == 0b111_0111_1100_0100)
        #expect(QRCode.Canvas.formatInformation(correction: .medium, mask: 0) == 0b101_0100_0001_0010)
        #expect(QRCode.Canvas.formatInformation(correction: .quartile, mask: 0) == 0b011_0101_0101_1111)
        #expect(QRCode.Canvas.formatInformation(correction: .high, mask: 7) == 0b000_1000_0011_1011)
        #expect(QRCode.Canvas.versionInformation(version: 7) == 0x07C94)
        #expect(QRCode.Canvas.versionInformation(version: 40) == 0x28C69)
    }

    @Test func throwsWhenNothingHoldsThePayload() throws {
        // Byte-mode capacity of version 40: 2953 bytes at L, 1273 at H.
        #expect(try QRCode(bytes: [UInt8](repeating: 0x61, count: 2953), correction: .low).version == 40)
        #expect(throws: QRCode.TooLong(byteCount: 2954, correction: .low)) {
            try QRCode(bytes: [UInt8](repeating: 0x61, count: 2954), correction: .low)
        }
        #expect(try QRCode(bytes: [UInt8](repeating: 0x61, count: 1273), correction: .high).version == 40)
        #expect(throws: QRCode.TooLong.self) {
            try QRCode(text: String(repeating: "码", count: 425), correction: .high)   // 1275 bytes
        }
    }

    @Test func treatsOutsideTheSymbolAsQuietZone() throws {
        let code = try QRCode(text: "HELLO")
        #expect(code[0, 0])               // finder corner
        #expect(!code[-1, 0] && !code[0, -1] && !code[code.size, 0] && !code[0, code.size])
        #expect(code[8, code.size - 8])   // the dark module
    }

    @Test func drawsAnSVGWithOneRectanglePerRun() throws {
        let code = try QRCode(text: "HELLO")
        let svg = code.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("viewBox=\"0 0 29 29\""))
        #expect(svg.contains("width=\"116\" height=\"116\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<rect width=\"29\" height=\"29\" fill=\"#fff\"/>"))
        #expect(svg.contains("d=\"M4 4h7v1h-7z"))   // top row of the top left finder
        #expect(svg.hasSuffix("</svg>"))

        // The runs cover exactly the dark modules.
        let path = try #require(svg.split(separator: "d=\"").last?.split(separator: "\"").first)
        var covered = Set<[Int]>()
        for run in path.split(separator: "z") {
            let numbers = run.dropFirst().split(whereSeparator: { $0 == " " || $0 == "h" || $0 == "v" }).compactMap { Int($0) }
            // M x y h w v1 h-w
            try #require(numbers.count == 5 && numbers[3] == 1 && numbers[4] == -numbers[2])
            for x in numbers[0]..<numbers[0] + numbers[2] { covered.insert([x - 4, numbers[1] - 4]) }
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size { for x in 0..<code.size where code[x, y] { dark.insert([x, y]) } }
        #expect(covered == dark)

        let custom = code.svg(moduleSize: 10, quietZone: 2)
        #expect(custom.contains("viewBox=\"0 0 25 25\" width=\"250\" height=\"250\""))
        #expect(custom.contains("d=\"M2 2h7v1h-7z"))
        #expect(!svg.contains("aria-label"))
        #expect(code.svg(label: "Scan to open \"A&B\"").contains("role=\"img\" aria-label=\"Scan to open &quot;A&amp;B&quot;\""))
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
