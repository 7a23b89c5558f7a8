namespace DualReader.Firmware.Emv
{
    /// <summary>The format of a data object's value (EMV Book 3, 4.3 and annex A).</summary>
    public enum TagFormat : byte
    {
        /// <summary>b: binary.</summary>
        Binary = 0,

        /// <summary>n: BCD digits, right-aligned (left-padded with zeros) when a DOL asks for another length.</summary>
        Numeric = 1,

        /// <summary>cn: BCD digits, left-aligned, padded with F.</summary>
        CompressedNumeric = 2,

        /// <summary>an / ans: text.</summary>
        Text = 3,

        /// <summary>A template (constructed data object).</summary>
        Template = 4
    }

    /// <summary>
    /// The one EMV tag table: every tag the firmware and the PC tool know, with its format, whether its value is
    /// sensitive (never leaves the reader: redacted in traces and pass-through answers, PROTOCOL.md 5) and its name.
    /// Sources: EMV Book 3 annex A (data elements), EMV Contactless Books C-2/C-3 (kernel data), PBOC 3.0 part 13
    /// (electronic cash). The EMV reader, the terminal data, the redactor and the host's decoder all read it.
    /// </summary>
    public static class EmvTags
    {
        public const int ApplicationIdentifier = 0x4F;
        public const int ApplicationLabel = 0x50;
        public const int Track1Data = 0x56;
        public const int Track2EquivalentData = 0x57;
        public const int Pan = 0x5A;
        public const int ApplicationTemplate = 0x61;
        public const int FileControlInformation = 0x6F;
        public const int RecordTemplate = 0x70;
        public const int ResponseMessageTemplateFormat2 = 0x77;
        public const int ResponseMessageTemplateFormat1 = 0x80;
        public const int ApplicationInterchangeProfile = 0x82;
        public const int DedicatedFileName = 0x84;
        public const int ApplicationPriorityIndicator = 0x87;
        public const int CardRiskManagementDataObjectList1 = 0x8C;
        public const int CardholderVerificationMethodList = 0x8E;
        public const int CertificationAuthorityPublicKeyIndex = 0x8F;
        public const int IssuerPublicKeyCertificate = 0x90;
        public const int ApplicationFileLocator = 0x94;
        public const int TerminalVerificationResults = 0x95;
        public const int TransactionDate = 0x9A;
        public const int TransactionType = 0x9C;
        public const int FciProprietaryTemplate = 0xA5;
        public const int CardholderName = 0x5F20;
        public const int ApplicationExpirationDate = 0x5F24;
        public const int ApplicationEffectiveDate = 0x5F25;
        public const int IssuerCountryCode = 0x5F28;
        public const int TransactionCurrencyCode = 0x5F2A;
        public const int LanguagePreference = 0x5F2D;
        public const int PanSequenceNumber = 0x5F34;
        public const int AmountAuthorised = 0x9F02;
        public const int AmountOther = 0x9F03;
        public const int ApplicationUsageControl = 0x9F07;
        public const int ApplicationVersionNumber = 0x9F08;
        public const int ApplicationSelectionRegisteredProprietaryData = 0x9F0A;
        public const int CardholderNameExtended = 0x9F0B;
        public const int IssuerApplicationData = 0x9F10;
        public const int IssuerCodeTableIndex = 0x9F11;
        public const int ApplicationPreferredName = 0x9F12;
        public const int LastOnlineTransactionCounter = 0x9F13;
        public const int TokenRequestorIdentifier = 0x9F19;
        public const int TerminalCountryCode = 0x9F1A;
        public const int Track1DiscretionaryData = 0x9F1F;
        public const int Track2DiscretionaryData = 0x9F20;
        public const int ApplicationCryptogram = 0x9F26;
        public const int CryptogramInformationData = 0x9F27;
        public const int IccPinEnciphermentPublicKeyCertificate = 0x9F2D;
        public const int TerminalType = 0x9F35;
        public const int ApplicationTransactionCounter = 0x9F36;
        public const int UnpredictableNumber = 0x9F37;
        public const int ProcessingOptionsDataObjectList = 0x9F38;
        public const int ApplicationCurrencyCode = 0x9F42;
        public const int IccPublicKeyCertificate = 0x9F46;
        public const int SignedDynamicApplicationData = 0x9F4B;
        public const int IccDynamicNumber = 0x9F4C;
        public const int LogEntry = 0x9F4D;
        public const int MerchantNameAndLocation = 0x9F4E;
        public const int LogFormat = 0x9F4F;
        public const int ElectronicCashCurrencyCode = 0x9F51;
        public const int ApplicationProgramIdentifier = 0x9F5A;
        public const int AvailableOfflineSpendingAmount = 0x9F5D;
        public const int Cvc3Track1 = 0x9F60;
        public const int Cvc3Track2 = 0x9F61;
        public const int TerminalTransactionQualifiers = 0x9F66;
        public const int Track2DataMagstripe = 0x9F6B;
        public const int CardTransactionQualifiers = 0x9F6C;
        public const int FormFactorIndicator = 0x9F6E;
        public const int ElectronicCashBalance = 0x9F79;
        public const int FciIssuerDiscretionaryData = 0xBF0C;

        // One row per tag, in ascending tag order (a binary search finds a row in at most 6 steps): the tag, its
        // format, whether it is sensitive, its name. The four columns are parallel arrays (no structs in arrays of
        // records on nanoFramework v1 without boxing); EmvTagTableTests checks they line up and stay sorted.
        private static readonly int[] Tags = new int[]
        {
            ApplicationIdentifier, ApplicationLabel, Track1Data, Track2EquivalentData,
            Pan, ApplicationTemplate, FileControlInformation, RecordTemplate,
            ResponseMessageTemplateFormat2, ResponseMessageTemplateFormat1, ApplicationInterchangeProfile, DedicatedFileName,
            ApplicationPriorityIndicator, CardRiskManagementDataObjectList1, CardholderVerificationMethodList, CertificationAuthorityPublicKeyIndex,
            IssuerPublicKeyCertificate, ApplicationFileLocator, TerminalVerificationResults, TransactionDate,
            TransactionType, FciProprietaryTemplate, CardholderName, ApplicationExpirationDate,
            ApplicationEffectiveDate, IssuerCountryCode, TransactionCurrencyCode, LanguagePreference,
            PanSequenceNumber, AmountAuthorised, AmountOther, ApplicationUsageControl,
            ApplicationVersionNumber, ApplicationSelectionRegisteredProprietaryData, CardholderNameExtended, IssuerApplicationData,
            IssuerCodeTableIndex, ApplicationPreferredName, LastOnlineTransactionCounter, TokenRequestorIdentifier,
            TerminalCountryCode, Track1DiscretionaryData, Track2DiscretionaryData, ApplicationCryptogram,
            CryptogramInformationData, IccPinEnciphermentPublicKeyCertificate, TerminalType, ApplicationTransactionCounter,
            UnpredictableNumber, ProcessingOptionsDataObjectList, ApplicationCurrencyCode, IccPublicKeyCertificate,
            SignedDynamicApplicationData, IccDynamicNumber, LogEntry, MerchantNameAndLocation,
            LogFormat, ElectronicCashCurrencyCode, ApplicationProgramIdentifier, AvailableOfflineSpendingAmount,
            Cvc3Track1, Cvc3Track2, TerminalTransactionQualifiers, Track2DataMagstripe,
            CardTransactionQualifiers, FormFactorIndicator, ElectronicCashBalance, FciIssuerDiscretionaryData
        };

        private const byte B = (byte)TagFormat.Binary;
        private const byte N = (byte)TagFormat.Numeric;
        private const byte Cn = (byte)TagFormat.CompressedNumeric;
        private const byte T = (byte)TagFormat.Text;
        private const byte Tpl = (byte)TagFormat.Template;

        private static readonly byte[] Formats = new byte[]
        {
            B, T, B, B, Cn, Tpl, Tpl, Tpl, Tpl, B,
            B, B, B, B, B, B, B, B, B, N,
            N, Tpl, T, N, N, N, N, T, N, N,
            N, B, B, B, T, B, N, T, B, N,
            N, T, Cn, B, B, B, N, B, B, B,
            N, B, B, B, B, T, B, N, B, N,
            B, B, B, B, B, B, N, Tpl
        };

        // Sensitive: account data (5A PAN, 56/57/9F6B tracks, 9F1F/9F20 their discretionary parts, 5F20/9F0B
        // names); 9F26 the application cryptogram; 9F10 issuer application data (card verification results and
        // issuer-proprietary cryptographic data); 9F4B signed dynamic application data; 9F60/9F61 CVC3 (dynamic
        // verification codes); 9F46 and 9F2D, ICC certificates that recover to the PAN with the public CA key.
        // Not sensitive: 5F24 expiry (without the PAN it identifies nobody), 9F27 CID (a one-byte type), 9F36 ATC.
        private static readonly bool[] Sensitive = new bool[]
        {
            false, false, true, true, true, false, false, false, false, false,
            false, false, false, false, false, false, false, false, false, false,
            false, false, true, false, false, false, false, false, false, false,
            false, false, false, false, true, true, false, false, false, false,
            false, true, true, true, false, true, false, false, false, false,
            false, true, true, false, false, false, false, false, false, false,
            true, true, false, true, false, false, false, false
        };

        private static readonly string[] Names = new string[]
        {
            "Application Identifier (AID)", "Application Label", "Track 1 Data",
            "Track 2 Equivalent Data", "Application PAN", "Application Template",
            "FCI Template", "Record Template", "Response Message Template Format 2",
            "Response Message Template Format 1", "Application Interchange Profile", "Dedicated File (DF) Name",
            "Application Priority Indicator", "CDOL1", "CVM List",
            "CA Public Key Index", "Issuer Public Key Certificate", "Application File Locator",
            "Terminal Verification Results", "Transaction Date", "Transaction Type",
            "FCI Proprietary Template", "Cardholder Name", "Application Expiration Date",
            "Application Effective Date", "Issuer Country Code", "Transaction Currency Code",
            "Language Preference", "PAN Sequence Number", "Amount, Authorised",
            "Amount, Other", "Application Usage Control", "Application Version Number",
            "Application Selection Registered Proprietary Data", "Cardholder Name Extended", "Issuer Application Data",
            "Issuer Code Table Index", "Application Preferred Name", "Last Online ATC Register",
            "Token Requestor ID", "Terminal Country Code", "Track 1 Discretionary Data",
            "Track 2 Discretionary Data", "Application Cryptogram", "Cryptogram Information Data",
            "ICC PIN Encipherment Public Key Certificate", "Terminal Type", "Application Transaction Counter",
            "Unpredictable Number", "PDOL", "Application Currency Code",
            "ICC Public Key Certificate", "Signed Dynamic Application Data", "ICC Dynamic Number",
            "Log Entry", "Merchant Name and Location", "Log Format",
            "EC Currency Code", "Application Program Identifier", "Available Offline Spending Amount",
            "CVC3 Track 1", "CVC3 Track 2", "Terminal Transaction Qualifiers",
            "Track 2 Data (magstripe)", "Card Transaction Qualifiers", "Form Factor Indicator",
            "EC Balance", "FCI Issuer Discretionary Data"
        };

        /// <summary>Rows in the table.</summary>
        public static int Count
        {
            get { return Tags.Length; }
        }

        /// <summary>The tag of row <paramref name="row"/>.</summary>
        public static int TagAt(int row)
        {
            return Tags[row];
        }

        /// <summary>True when values of <paramref name="tag"/> (1 or 2 tag bytes as an integer) never leave the reader.</summary>
        public static bool IsSensitive(int tag)
        {
            int row = Row(tag);
            return row >= 0 && Sensitive[row];
        }

        /// <summary>The value format of <paramref name="tag"/>; <see cref="TagFormat.Binary"/> for tags not in the table.</summary>
        public static TagFormat Format(int tag)
        {
            int row = Row(tag);
            return row >= 0 ? (TagFormat)Formats[row] : TagFormat.Binary;
        }

        /// <summary>The format of row <paramref name="row"/> (for the table's own checks).</summary>
        public static TagFormat FormatAt(int row)
        {
            return (TagFormat)Formats[row];
        }

        /// <summary>The name of row <paramref name="row"/>.</summary>
        public static string NameAt(int row)
        {
            return Names[row];
        }

        /// <summary>The name of <paramref name="tag"/>, or null for tags not in the table.</summary>
        public static string Name(int tag)
        {
            int row = Row(tag);
            return row >= 0 ? Names[row] : null;
        }

        private static int Row(int tag)
        {
            int low = 0;
            int high = Tags.Length - 1;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                int value = Tags[middle];
                if (value == tag)
                {
                    return middle;
                }

                if (value < tag)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return -1;
        }
    }
}
