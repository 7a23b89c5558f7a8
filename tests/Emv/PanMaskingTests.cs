using DualReader.Firmware.Emv;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Emv
{
    /// <summary>The one PAN masking rule (<see cref="PanMasking"/>).</summary>
    [TestClass]
    public class PanMaskingTests
    {
        [TestMethod]
        public void DigitsAreMaskedSixAndFourFromTwelveDigitsOn()
        {
            byte[] digits = new byte[] { 4, 6, 4, 2, 3, 5, 2, 8, 5, 1, 5, 0, 3, 6, 4, 0 };
            Assert.AreEqual("464235******3640", PanMasking.Mask(digits, 0, 16, false));
            Assert.AreEqual("464235**5150", PanMasking.Mask(digits, 0, 12, false));

            // Under 12 digits the whole PAN is masked: 6 + 4 of 11 would show all but one digit.
            Assert.AreEqual("***********", PanMasking.Mask(digits, 0, 11, false));
            Assert.AreEqual("464235*********0123", PanMasking.Mask(new byte[] { 0x46, 0x42, 0x35, 0x28, 0x51, 0x50, 0x36, 0x40, 0x12, 0x34 }, 0, 19, true));
            Assert.AreEqual("464235******3640", PanMasking.Mask(new byte[] { 0xFF, 0x46, 0x42, 0x35, 0x28, 0x51, 0x50, 0x36, 0x40 }, 1, 16, true));
        }

        [TestMethod]
        public void ShownDigitsAndMaskedFormsFollowOneRule()
        {
            Assert.IsTrue(PanMasking.IsShown(5, 12));
            Assert.IsFalse(PanMasking.IsShown(6, 12));
            Assert.IsFalse(PanMasking.IsShown(7, 12));
            Assert.IsTrue(PanMasking.IsShown(8, 12));
            Assert.IsFalse(PanMasking.IsShown(0, 11));
            Assert.IsTrue(PanMasking.IsMasked("464235******3640"));
            Assert.IsFalse(PanMasking.IsMasked("4642352851503640"));
            Assert.IsFalse(PanMasking.IsMasked("***********"));
            Assert.IsFalse(PanMasking.IsMasked("46423******3640"));
            Assert.IsFalse(PanMasking.IsMasked("464235**************3640"));
        }
    }
}
