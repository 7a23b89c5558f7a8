namespace DualReader.Firmware.Mfrc522
{
    /// <summary>MFRC522 registers with their datasheet names and addresses (MFRC522 datasheet rev 3.9, 9.2, table 20).</summary>
    public enum Register : byte
    {
        // Page 0: command and status (9.3.1)
        /// <summary>Starts and stops command execution (9.3.1.2).</summary>
        CommandReg = 0x01,
        /// <summary>Interrupt request enables, IRqInv (9.3.1.3).</summary>
        ComIEnReg = 0x02,
        /// <summary>Interrupt request enables, IRQPushPull (9.3.1.4).</summary>
        DivIEnReg = 0x03,
        /// <summary>Interrupt request bits, Set1 (9.3.1.5).</summary>
        ComIrqReg = 0x04,
        /// <summary>Interrupt request bits, Set2 (9.3.1.6).</summary>
        DivIrqReg = 0x05,
        /// <summary>Error bits of the last command (9.3.1.7).</summary>
        ErrorReg = 0x06,
        /// <summary>Communication status (9.3.1.8).</summary>
        Status1Reg = 0x07,
        /// <summary>Receiver, transmitter and data mode detector status (9.3.1.9).</summary>
        Status2Reg = 0x08,
        /// <summary>64-byte FIFO buffer input and output (9.3.1.10).</summary>
        FIFODataReg = 0x09,
        /// <summary>Number of bytes in the FIFO, FlushBuffer (9.3.1.11).</summary>
        FIFOLevelReg = 0x0A,
        /// <summary>FIFO underflow/overflow warning level (9.3.1.12).</summary>
        WaterLevelReg = 0x0B,
        /// <summary>Timer start/stop, RxLastBits (9.3.1.13).</summary>
        ControlReg = 0x0C,
        /// <summary>StartSend, RxAlign, TxLastBits (9.3.1.14).</summary>
        BitFramingReg = 0x0D,
        /// <summary>First bit collision (9.3.1.15).</summary>
        CollReg = 0x0E,

        // Page 1: command (9.3.2)
        /// <summary>Transmit/receive modes, CRCPreset (9.3.2.2).</summary>
        ModeReg = 0x11,
        /// <summary>TxCRCEn, TxSpeed (9.3.2.3).</summary>
        TxModeReg = 0x12,
        /// <summary>RxCRCEn, RxSpeed (9.3.2.4).</summary>
        RxModeReg = 0x13,
        /// <summary>Antenna driver pins TX1/TX2 (9.3.2.5).</summary>
        TxControlReg = 0x14,
        /// <summary>Transmit modulation, Force100ASK (9.3.2.6).</summary>
        TxASKReg = 0x15,
        /// <summary>Internal sources for the antenna drivers (9.3.2.7).</summary>
        TxSelReg = 0x16,
        /// <summary>Receiver settings (9.3.2.8).</summary>
        RxSelReg = 0x17,
        /// <summary>Bit decoder thresholds (9.3.2.9).</summary>
        RxThresholdReg = 0x18,
        /// <summary>Demodulator settings (9.3.2.10).</summary>
        DemodReg = 0x19,
        /// <summary>MIFARE transmission parameters (9.3.2.13).</summary>
        MfTxReg = 0x1C,
        /// <summary>MIFARE receive parameters (9.3.2.14).</summary>
        MfRxReg = 0x1D,
        /// <summary>UART speed (9.3.2.16).</summary>
        SerialSpeedReg = 0x1F,

        // Page 2: configuration (9.3.3)
        /// <summary>CRC result, most significant byte (9.3.3.2).</summary>
        CRCResultRegMsb = 0x21,
        /// <summary>CRC result, least significant byte (9.3.3.2).</summary>
        CRCResultRegLsb = 0x22,
        /// <summary>Modulation width (9.3.3.4).</summary>
        ModWidthReg = 0x24,
        /// <summary>Receiver gain (9.3.3.6).</summary>
        RFCfgReg = 0x26,
        /// <summary>Antenna driver conductance (9.3.3.7).</summary>
        GsNReg = 0x27,
        /// <summary>p-driver conductance (9.3.3.8).</summary>
        CWGsPReg = 0x28,
        /// <summary>p-driver conductance during modulation (9.3.3.9).</summary>
        ModGsPReg = 0x29,
        /// <summary>Timer settings: TAuto, TGated, TAutoRestart, TPrescaler_Hi (9.3.3.10).</summary>
        TModeReg = 0x2A,
        /// <summary>TPrescaler_Lo (9.3.3.10).</summary>
        TPrescalerReg = 0x2B,
        /// <summary>Timer reload value, high byte (9.3.3.11).</summary>
        TReloadRegHigh = 0x2C,
        /// <summary>Timer reload value, low byte (9.3.3.11).</summary>
        TReloadRegLow = 0x2D,
        /// <summary>Timer value, high byte (9.3.3.12).</summary>
        TCounterValRegHigh = 0x2E,
        /// <summary>Timer value, low byte (9.3.3.12).</summary>
        TCounterValRegLow = 0x2F,

        // Page 3: test (9.3.4)
        /// <summary>Test signal configuration (9.3.4.2).</summary>
        TestSel1Reg = 0x31,
        /// <summary>Test signal configuration, PRBS (9.3.4.3).</summary>
        TestSel2Reg = 0x32,
        /// <summary>D1..D7 output driver enables (9.3.4.4).</summary>
        TestPinEnReg = 0x33,
        /// <summary>D1..D7 values (9.3.4.5).</summary>
        TestPinValueReg = 0x34,
        /// <summary>Internal test bus (9.3.4.6).</summary>
        TestBusReg = 0x35,
        /// <summary>Digital self-test (9.3.4.7).</summary>
        AutoTestReg = 0x36,
        /// <summary>Software version (9.3.4.8): 0x91 = v1.0, 0x92 = v2.0.</summary>
        VersionReg = 0x37,
        /// <summary>AUX1/AUX2 pins (9.3.4.9).</summary>
        AnalogTestReg = 0x38,
        /// <summary>Test value for TestDAC1 (9.3.4.10).</summary>
        TestDAC1Reg = 0x39,
        /// <summary>Test value for TestDAC2 (9.3.4.11).</summary>
        TestDAC2Reg = 0x3A,
        /// <summary>ADC I and Q channels (9.3.4.12).</summary>
        TestADCReg = 0x3B
    }
}
