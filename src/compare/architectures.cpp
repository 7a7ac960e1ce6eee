// The architecture type and first-paper year of timm model families, for the figures of
// Yang et al. (types, yearly frontier) and the explorer's colours. The year is that of
// the family's first paper (arXiv), an approximation for later variants and training
// recipes: resnet50.a1_in1k (2021 recipe) counts as ResNet, 2015. Types are ours where a
// family mixes ideas: token mixers without attention (PoolFormer, ConvFormer) count as
// CNN, convolution stages plus attention as Hybrid.
#include <algorithm>
#include <cctype>

#include "infergy/compare_figures.hpp"

namespace infergy::compare {
namespace {

using enum ArchitectureType;

struct Entry {
  const char* prefix;  // start of the timm name (without tf_/dm_/legacy_/gluon_/wide_)
  const char* family;
  ArchitectureType type;
  int year;  // 0 = unknown
  const char* paper;
};

// Longest prefix wins, so "resnetrs" beats "resnet" and "vit_base_r50" (ResNet stem) "vit".
constexpr Entry kFamilies[] = {
    {"beit", "beit", transformer, 2021, "Bao et al., BEiT, arXiv:2106.08254"},
    {"beitv2", "beit", transformer, 2022, "Peng et al., BEiT v2, arXiv:2208.06366"},
    {"botnet", "botnet", hybrid, 2021, "Srinivas et al., BoTNet, arXiv:2101.11605"},
    {"caformer", "caformer", hybrid, 2022, "Yu et al., MetaFormer baselines, arXiv:2210.13452"},
    {"cait", "cait", transformer, 2021, "Touvron et al., CaiT, arXiv:2103.17239"},
    {"coat_", "coat", hybrid, 2021, "Xu et al., CoaT, arXiv:2104.06399"},
    {"coatnet", "coatnet", hybrid, 2021, "Dai et al., CoAtNet, arXiv:2106.04803"},
    {"convformer", "convformer", cnn, 2022, "Yu et al., MetaFormer baselines, arXiv:2210.13452"},
    {"convit", "convit", hybrid, 2021, "d'Ascoli et al., ConViT, arXiv:2103.10697"},
    {"convmixer", "convmixer", cnn, 2022, "Trockman and Kolter, ConvMixer, arXiv:2201.09792"},
    {"convnext", "convnext", cnn, 2022, "Liu et al., ConvNeXt, arXiv:2201.03545"},
    {"convnextv2", "convnext", cnn, 2023, "Woo et al., ConvNeXt V2, arXiv:2301.00808"},
    {"crossvit", "crossvit", transformer, 2021, "Chen et al., CrossViT, arXiv:2103.14899"},
    {"cs3", "cspnet", cnn, 2019, "Wang et al., CSPNet, arXiv:1911.11929"},
    {"csp", "cspnet", cnn, 2019, "Wang et al., CSPNet, arXiv:1911.11929"},
    {"darknet", "darknet", cnn, 2018, "Redmon and Farhadi, YOLOv3, arXiv:1804.02767"},
    {"davit", "davit", transformer, 2022, "Ding et al., DaViT, arXiv:2204.03645"},
    {"deit", "deit", transformer, 2020, "Touvron et al., DeiT, arXiv:2012.12877"},
    {"deit3", "deit", transformer, 2022, "Touvron et al., DeiT III, arXiv:2204.07118"},
    {"densenet", "densenet", cnn, 2016, "Huang et al., DenseNet, arXiv:1608.06993"},
    {"densenetblur", "densenet", cnn, 2019, "Zhang, antialiased CNNs, arXiv:1904.11486"},
    {"dla", "dla", cnn, 2017, "Yu et al., Deep Layer Aggregation, arXiv:1707.06484"},
    {"dpn", "dpn", cnn, 2017, "Chen et al., Dual Path Networks, arXiv:1707.01629"},
    {"eca_botnext", "botnet", hybrid, 2021, "Srinivas et al., BoTNet, arXiv:2101.11605"},
    {"eca_halonext", "halonet", hybrid, 2021, "Vaswani et al., HaloNet, arXiv:2103.12731"},
    {"eca_nfnet", "nfnet", cnn, 2021, "Brock et al., NFNet, arXiv:2102.06171"},
    {"eca_res", "ecaresnet", cnn, 2019, "Wang et al., ECA-Net, arXiv:1910.03151"},
    {"ecaresnet", "ecaresnet", cnn, 2019, "Wang et al., ECA-Net, arXiv:1910.03151"},
    {"edgenext", "edgenext", hybrid, 2022, "Maaz et al., EdgeNeXt, arXiv:2206.10589"},
    {"efficientformer", "efficientformer", hybrid, 2022,
     "Li et al., EfficientFormer, arXiv:2206.01191"},
    {"efficientnet", "efficientnet", cnn, 2019, "Tan and Le, EfficientNet, arXiv:1905.11946"},
    {"efficientnetv2", "efficientnet", cnn, 2021, "Tan and Le, EfficientNetV2, arXiv:2104.00298"},
    {"efficientvit", "efficientvit", hybrid, 2022, "Cai et al., EfficientViT, arXiv:2205.14756"},
    {"efficientvit_m", "efficientvit", hybrid, 2023, "Liu et al., EfficientViT, arXiv:2305.07027"},
    {"ese_vovnet", "vovnet", cnn, 2019, "Lee and Park, CenterMask, arXiv:1911.06667"},
    {"eva", "eva", transformer, 2022, "Fang et al., EVA, arXiv:2211.07636"},
    {"eva02", "eva", transformer, 2023, "Fang et al., EVA-02, arXiv:2303.11331"},
    {"fastvit", "fastvit", hybrid, 2023, "Vasu et al., FastViT, arXiv:2303.14189"},
    {"fbnet", "fbnet", cnn, 2018, "Wu et al., FBNet, arXiv:1812.03443"},
    {"fbnetv3", "fbnet", cnn, 2020, "Dai et al., FBNetV3, arXiv:2006.02049"},
    {"flexivit", "flexivit", transformer, 2022, "Beyer et al., FlexiViT, arXiv:2212.08013"},
    {"focalnet", "focalnet", hybrid, 2022, "Yang et al., Focal Modulation, arXiv:2203.11926"},
    {"gc_efficientnet", "efficientnet", cnn, 2021, "Tan and Le, EfficientNetV2, arXiv:2104.00298"},
    {"gcres", "gcnet", cnn, 2019, "Cao et al., GCNet, arXiv:1904.11492"},
    {"gcvit", "gcvit", hybrid, 2022, "Hatamizadeh et al., GC ViT, arXiv:2206.09959"},
    {"gernet", "gernet", cnn, 2020, "Lin et al., GENet, arXiv:2006.14090"},
    {"ghostnet", "ghostnet", cnn, 2019, "Han et al., GhostNet, arXiv:1911.11907"},
    {"ghostnetv2", "ghostnet", cnn, 2022, "Tang et al., GhostNetV2, arXiv:2211.12905"},
    {"gmixer", "mixer", mlp, 2021, "Tolstikhin et al., MLP-Mixer, arXiv:2105.01601"},
    {"gmlp", "gmlp", mlp, 2021, "Liu et al., gMLP, arXiv:2105.08050"},
    {"halo", "halonet", hybrid, 2021, "Vaswani et al., HaloNet, arXiv:2103.12731"},
    {"hardcorenas", "hardcorenas", cnn, 2021, "Nayman et al., HardCoRe-NAS, arXiv:2102.11646"},
    {"hgnet", "hgnet", cnn, 2022, "PaddleClas, PP-HGNet (2022)"},
    {"hiera", "hiera", transformer, 2023, "Ryali et al., Hiera, arXiv:2306.00989"},
    {"hrnet", "hrnet", cnn, 2019, "Wang et al., HRNet, arXiv:1908.07919"},
    {"inception", "inception", cnn, 2015, "Szegedy et al., Inception v3, arXiv:1512.00567"},
    {"inception_next", "inceptionnext", cnn, 2023, "Yu et al., InceptionNeXt, arXiv:2303.16900"},
    {"inception_resnet", "inception", cnn, 2016, "Szegedy et al., Inception-v4, arXiv:1602.07261"},
    {"inception_v4", "inception", cnn, 2016, "Szegedy et al., Inception-v4, arXiv:1602.07261"},
    {"lambda_resnet", "lambdanet", hybrid, 2021, "Bello, LambdaNetworks, arXiv:2102.08602"},
    {"lcnet", "lcnet", cnn, 2021, "Cui et al., PP-LCNet, arXiv:2109.15099"},
    {"levit", "levit", hybrid, 2021, "Graham et al., LeViT, arXiv:2104.01136"},
    {"mambaout", "mambaout", cnn, 2024, "Yu and Wang, MambaOut, arXiv:2405.07992"},
    {"maxvit", "maxvit", hybrid, 2022, "Tu et al., MaxViT, arXiv:2204.01697"},
    {"maxxvit", "maxvit", hybrid, 2022, "Tu et al., MaxViT, arXiv:2204.01697"},
    {"mixer", "mixer", mlp, 2021, "Tolstikhin et al., MLP-Mixer, arXiv:2105.01601"},
    {"mixnet", "mixnet", cnn, 2019, "Tan and Le, MixConv, arXiv:1907.09595"},
    {"mnasnet", "mnasnet", cnn, 2018, "Tan et al., MnasNet, arXiv:1807.11626"},
    {"mobilenet_edgetpu", "mobilenet", cnn, 2021, "Google, MobileNet EdgeTPU v2 (2021)"},
    {"mobilenetv1", "mobilenet", cnn, 2017, "Howard et al., MobileNets, arXiv:1704.04861"},
    {"mobilenetv2", "mobilenet", cnn, 2018, "Sandler et al., MobileNetV2, arXiv:1801.04381"},
    {"mobilenetv3", "mobilenet", cnn, 2019, "Howard et al., MobileNetV3, arXiv:1905.02244"},
    {"mobilenetv4", "mobilenet", cnn, 2024, "Qin et al., MobileNetV4, arXiv:2404.10518"},
    {"mobilenetv4_hybrid", "mobilenet", hybrid, 2024, "Qin et al., MobileNetV4, arXiv:2404.10518"},
    {"mobileone", "mobileone", cnn, 2022, "Vasu et al., MobileOne, arXiv:2206.04040"},
    {"mobilevit", "mobilevit", hybrid, 2021, "Mehta and Rastegari, MobileViT, arXiv:2110.02178"},
    {"mobilevitv2", "mobilevit", hybrid, 2022,
     "Mehta and Rastegari, MobileViTv2, arXiv:2206.02680"},
    {"mvit", "mvit", transformer, 2021, "Li et al., MViTv2, arXiv:2112.01526"},
    {"nasnet", "nasnet", cnn, 2017, "Zoph et al., NASNet, arXiv:1707.07012"},
    {"nest_", "nest", transformer, 2021, "Zhang et al., NesT, arXiv:2105.12723"},
    {"nextvit", "nextvit", hybrid, 2022, "Li et al., Next-ViT, arXiv:2207.05501"},
    {"nf_", "nfnet", cnn, 2021, "Brock et al., NF-ResNets, arXiv:2101.08692"},
    {"nfnet", "nfnet", cnn, 2021, "Brock et al., NFNet, arXiv:2102.06171"},
    {"pit_", "pit", transformer, 2021, "Heo et al., PiT, arXiv:2103.16302"},
    {"pnasnet", "pnasnet", cnn, 2017, "Liu et al., PNASNet, arXiv:1712.00559"},
    {"poolformer", "poolformer", cnn, 2021, "Yu et al., MetaFormer, arXiv:2111.11418"},
    {"poolformerv2", "poolformer", cnn, 2022, "Yu et al., MetaFormer baselines, arXiv:2210.13452"},
    {"pvt", "pvt", transformer, 2021, "Wang et al., PVT v2, arXiv:2106.13797"},
    {"rdnet", "rdnet", cnn, 2024, "Kim et al., DenseNets Reloaded, arXiv:2403.19588"},
    {"regnet", "regnet", cnn, 2020, "Radosavovic et al., RegNet, arXiv:2003.13678"},
    {"regnetz", "regnet", cnn, 2021, "Dollár et al., fast model scaling, arXiv:2103.06877"},
    {"repghostnet", "repghostnet", cnn, 2022, "Chen et al., RepGhost, arXiv:2211.06088"},
    {"repvgg", "repvgg", cnn, 2021, "Ding et al., RepVGG, arXiv:2101.03697"},
    {"repvit", "repvit", cnn, 2023, "Wang et al., RepViT, arXiv:2307.09283"},
    {"res2ne", "res2net", cnn, 2019, "Gao et al., Res2Net, arXiv:1904.01169"},
    {"resmlp", "resmlp", mlp, 2021, "Touvron et al., ResMLP, arXiv:2105.03404"},
    {"resnest", "resnest", cnn, 2020, "Zhang et al., ResNeSt, arXiv:2004.08955"},
    {"resnet", "resnet", cnn, 2015, "He et al., ResNet, arXiv:1512.03385"},
    {"resnetaa", "resnet", cnn, 2019, "Zhang, antialiased CNNs, arXiv:1904.11486"},
    {"resnetblur", "resnet", cnn, 2019, "Zhang, antialiased CNNs, arXiv:1904.11486"},
    {"resnetrs", "resnetrs", cnn, 2021, "Bello et al., ResNet-RS, arXiv:2103.07579"},
    {"resnetv2", "resnet", cnn, 2016, "He et al., identity mappings, arXiv:1603.05027"},
    {"resnext", "resnext", cnn, 2016, "Xie et al., ResNeXt, arXiv:1611.05431"},
    {"rexnet", "rexnet", cnn, 2020, "Han et al., ReXNet, arXiv:2007.00992"},
    {"selecsls", "selecsls", cnn, 2019, "Mehta et al., XNect, arXiv:1907.00837"},
    {"semnasnet", "mnasnet", cnn, 2018, "Tan et al., MnasNet, arXiv:1807.11626"},
    {"senet", "senet", cnn, 2017, "Hu et al., SENet, arXiv:1709.01507"},
    {"sehalonet", "halonet", hybrid, 2021, "Vaswani et al., HaloNet, arXiv:2103.12731"},
    {"seres", "senet", cnn, 2017, "Hu et al., SENet, arXiv:1709.01507"},
    {"sequencer", "sequencer", other, 2022, "Tatsunami and Taki, Sequencer, arXiv:2205.01972"},
    {"skresnet", "sknet", cnn, 2019, "Li et al., SKNet, arXiv:1903.06586"},
    {"swin", "swin", transformer, 2021, "Liu et al., Swin Transformer, arXiv:2103.14030"},
    {"swinv2", "swin", transformer, 2021, "Liu et al., Swin Transformer V2, arXiv:2111.09883"},
    {"tiny_vit", "tinyvit", hybrid, 2022, "Wu et al., TinyViT, arXiv:2207.10666"},
    {"tinynet", "tinynet", cnn, 2020, "Han et al., model Rubik's cube, arXiv:2010.14819"},
    {"tnt_", "tnt", transformer, 2021, "Han et al., Transformer in Transformer, arXiv:2103.00112"},
    {"tresnet", "tresnet", cnn, 2020, "Ridnik et al., TResNet, arXiv:2003.13630"},
    {"twins", "twins", transformer, 2021, "Chu et al., Twins, arXiv:2104.13840"},
    {"vgg", "vgg", cnn, 2014, "Simonyan and Zisserman, VGG, arXiv:1409.1556"},
    {"visformer", "visformer", hybrid, 2021, "Chen et al., Visformer, arXiv:2104.12533"},
    {"vit", "vit", transformer, 2020, "Dosovitskiy et al., ViT, arXiv:2010.11929"},
    {"vit_base_r50", "vit", hybrid, 2020,
     "Dosovitskiy et al., ViT (ResNet stem), arXiv:2010.11929"},
    {"vit_base_resnet", "vit", hybrid, 2020,
     "Dosovitskiy et al., ViT (ResNet stem), arXiv:2010.11929"},
    {"vit_large_r50", "vit", hybrid, 2020,
     "Dosovitskiy et al., ViT (ResNet stem), arXiv:2010.11929"},
    {"vit_small_r26", "vit", hybrid, 2020,
     "Dosovitskiy et al., ViT (ResNet stem), arXiv:2010.11929"},
    {"vit_small_resnet", "vit", hybrid, 2020,
     "Dosovitskiy et al., ViT (ResNet stem), arXiv:2010.11929"},
    {"vit_tiny_r_", "vit", hybrid, 2020, "Dosovitskiy et al., ViT (ResNet stem), arXiv:2010.11929"},
    {"volo", "volo", transformer, 2021, "Yuan et al., VOLO, arXiv:2106.13112"},
    {"xception", "xception", cnn, 2016, "Chollet, Xception, arXiv:1610.02357"},
    {"xcit", "xcit", transformer, 2021, "El-Nouby et al., XCiT, arXiv:2106.09681"},
};

// The timm name without its pretrained tag and framework prefixes, lower case.
std::string base_name(const std::string& model) {
  std::string name = model.substr(0, model.find('.'));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* prefix : {"tf_", "dm_", "legacy_", "gluon_", "wide_"}) {
    if (name.starts_with(prefix)) name = name.substr(std::string_view(prefix).size());
  }
  return name;
}

}  // namespace

std::string to_string(ArchitectureType type) {
  switch (type) {
    case cnn:
      return "CNN";
    case transformer:
      return "Transformer";
    case hybrid:
      return "Hybrid";
    case mlp:
      return "MLP";
    case other:
      return "Other";
  }
  return "Other";
}

std::optional<ArchitectureInfo> architecture_info(const std::string& model) {
  const std::string name = base_name(model);
  const Entry* best = nullptr;
  for (const auto& e : kFamilies) {
    std::string_view prefix(e.prefix);
    if (name.starts_with(prefix) &&
        (!best || prefix.size() > std::string_view(best->prefix).size()))
      best = &e;
  }
  if (!best) return std::nullopt;
  ArchitectureInfo info{best->family, best->type, std::nullopt, best->paper};
  if (best->year > 0) info.year = best->year;
  return info;
}

std::vector<ArchitectureType> architecture_types() {
  return {cnn, transformer, hybrid, mlp, other};
}

}  // namespace infergy::compare
